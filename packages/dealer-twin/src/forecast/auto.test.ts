import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { forecastSeries } from "./auto.js";

const ORDERED = (f: ReturnType<typeof forecastSeries>["forecast"]) => {
  for (let i = 0; i < f.mean.length; i++) {
    const values = [f.lower95[i]!, f.lower80[i]!, f.mean[i]!, f.upper80[i]!, f.upper95[i]!];
    for (const v of values) if (!Number.isFinite(v)) return false;
    for (let j = 1; j < values.length; j++)
      if (values[j]! < values[j - 1]! - 1e-9 * Math.abs(values[j]!)) return false;
  }
  return true;
};

describe("forecastSeries: defined fallbacks, never a crash or a non-finite value", () => {
  it("returns finite, ordered intervals for any input, however broken (property)", () => {
    const value = fc.oneof(
      fc.double({ min: -1e6, max: 1e6, noNaN: true }),
      fc.constant(Number.NaN),
      fc.constant(Number.POSITIVE_INFINITY),
      fc.constant(null),
      fc.double({ min: 1e200, max: 1e300, noNaN: true }),
      fc.double({ min: 0, max: 1e-200, noNaN: true }),
      fc.constantFrom(1.7e308, -1.7e308, Number.NEGATIVE_INFINITY),
    );
    fc.assert(
      fc.property(fc.array(value, { maxLength: 60 }), fc.integer({ min: 1, max: 30 }), (raw, h) => {
        const result = forecastSeries(raw, { h, periods: [7, 365.25] });
        expect(result.forecast.mean).toHaveLength(h);
        expect(ORDERED(result.forecast)).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it("keeps forecasts within physical bounds (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: 1, maxLength: 80 }),
        (raw) => {
          const result = forecastSeries(raw, { h: 14, periods: [7], lower: 0, upper: 100 });
          for (const key of ["lower95", "mean", "upper95"] as const) {
            for (const v of result.forecast[key]) expect(v >= 0 && v <= 100).toBe(true);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it("records the reason for each fallback", () => {
    expect(forecastSeries([], { h: 3 }).issues).toContain("empty");
    const short = forecastSeries([1, 2, 3], { h: 3 });
    expect(short.issues).toContain("too-short");
    expect(short.fallback).toMatch(/3 observations/);
    const constant = forecastSeries(new Array(30).fill(4), { h: 5 });
    expect(constant.issues).toContain("constant");
    expect(Array.from(constant.forecast.upper95)).toEqual([4, 4, 4, 4, 4]);
    const gaps = forecastSeries([1, 2, Number.NaN, 4, 5, null, 7, 8, 9, 10, 11, 12, 13], { h: 2 });
    expect(gaps.issues).toContain("gaps-interpolated");
    expect(gaps.forecast.mean[0]).toBeGreaterThan(12);
    const negative = forecastSeries(
      Array.from({ length: 40 }, (_, t) => Math.sin(t) * 10 - 2),
      { h: 2 },
    );
    expect(negative.issues).toContain("non-positive-values");
    expect(negative.aiccTable.every((row) => row.model.startsWith("ETS(A,"))).toBe(true);
    const huge = forecastSeries(
      Array.from({ length: 40 }, (_, t) => 1e280 * (1 + 0.01 * t)),
      { h: 2 },
    );
    expect(huge.issues).toContain("rescaled-enormous-values");
    expect(huge.fallback).toBeUndefined();
    expect(huge.forecast.mean[0]! / 1e280).toBeGreaterThan(1.3);
  });

  it("follows a linear trend and a weekly pattern on a clean daily series", () => {
    const y = Array.from({ length: 140 }, (_, t) => 100 + 0.5 * t + 15 * Math.sin((2 * Math.PI * t) / 7));
    const result = forecastSeries(y, { h: 7, periods: [7] });
    expect(result.components).toHaveLength(3);
    expect(result.seasonality.map((s) => s.period)).toContain(7);
    for (let i = 0; i < 7; i++) {
      const t = 140 + i;
      const truth = 100 + 0.5 * t + 15 * Math.sin((2 * Math.PI * t) / 7);
      expect(Math.abs(result.forecast.mean[i]! - truth) / truth).toBeLessThan(0.03);
    }
  });
});
