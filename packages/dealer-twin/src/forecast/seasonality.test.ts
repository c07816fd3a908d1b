import { describe, expect, it } from "vitest";
import { naive2 } from "./baselines.js";
import { fourierAdjustment } from "./deseason.js";
import { acf, isSeasonal, seasonalIndices } from "./seasonality.js";

const noise = (seed: number) => {
  let state = seed;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32 - 0.5;
  };
};

describe("seasonality detection", () => {
  it("computes R's biased autocorrelation", () => {
    const r = acf([1, 2, 3, 4, 5], 2);
    expect(r[1]).toBeCloseTo(0.4, 10);
    expect(r[2]).toBeCloseTo(-0.1, 10);
  });

  it("flags a weekly pattern and not white noise (M4 organisers' 90% ACF test)", () => {
    const random = noise(1);
    const weekly = Array.from(
      { length: 140 },
      (_, t) => 100 + 10 * Math.sin((2 * Math.PI * t) / 7) + random(),
    );
    const white = Array.from({ length: 140 }, () => 100 + random());
    expect(isSeasonal(weekly, 7)).toBe(true);
    expect(isSeasonal(white, 7)).toBe(false);
    expect(isSeasonal(weekly.slice(0, 20), 7)).toBe(false);
  });

  it("recovers classical multiplicative indices that average to 1", () => {
    const pattern = [0.8, 1.2, 1, 1.1, 0.9];
    const y = Array.from({ length: 50 }, (_, t) => 100 * pattern[t % 5]!);
    const indices = seasonalIndices(y, 5, true);
    for (let i = 0; i < 5; i++) expect(indices[i]).toBeCloseTo(pattern[i]!, 6);
  });

  it("finds a fractional yearly season in weekly data with Fourier terms and ignores noise", () => {
    const random = noise(7);
    const period = 365.25 / 7;
    const yearly = Float64Array.from(
      { length: 260 },
      (_, t) => 500 * (1 + 0.2 * Math.cos((2 * Math.PI * t) / period)) + 10 * random(),
    );
    const adjustment = fourierAdjustment(yearly, period);
    expect(adjustment?.harmonics).toBeGreaterThanOrEqual(1);
    const future = adjustment!.future(1);
    expect(future[0]).toBeCloseTo(1 + 0.2 * Math.cos((2 * Math.PI * 260) / period), 1);
    const flat = Float64Array.from({ length: 260 }, () => 500 + 10 * random());
    expect(fourierAdjustment(flat, period)).toBeUndefined();
  });
});

describe("naive2", () => {
  it("reseasonalises the last deseasonalised value when the series is seasonal, else repeats the last value", () => {
    const pattern = [0.8, 1.2, 1, 1.1, 0.9, 1.05, 0.95];
    const y = Float64Array.from({ length: 70 }, (_, t) => 100 * pattern[t % 7]!);
    const seasonal = naive2(y, 7, 7);
    for (let i = 0; i < 7; i++) expect(seasonal.mean[i]).toBeCloseTo(100 * pattern[(70 + i) % 7]!, 6);
    expect(Array.from(naive2(y, 2, 1).mean)).toEqual([y[69], y[69]]);
  });
});
