import { mulberry32 } from "@dai/core";
import { describe, expect, it } from "vitest";
import reference from "./__tests__/fixtures/scipy-reference.json" with { type: "json" };
import { betaCdf, betaMean, betaQuantile, betaVariance, lnGamma, sampleBeta } from "./beta.js";

describe("beta distribution against SciPy", () => {
  it.each(reference.beta)(
    "Beta($alpha, $beta): mean, variance, quantiles and CDF match scipy.stats.beta",
    (row) => {
      const params = { alpha: row.alpha, beta: row.beta };
      expect(betaMean(params)).toBeCloseTo(row.mean, 14);
      expect(betaVariance(params)).toBeCloseTo(row.variance, 14);
      expect(Math.abs(betaQuantile(0.025, params) - row.q025)).toBeLessThan(1e-10);
      expect(Math.abs(betaQuantile(0.5, params) - row.q500)).toBeLessThan(1e-10);
      expect(Math.abs(betaQuantile(0.975, params) - row.q975)).toBeLessThan(1e-10);
      for (const [x, cdf] of row.cdf as [number, number][])
        expect(Math.abs(betaCdf(x, params) - cdf)).toBeLessThan(1e-11);
    },
  );

  it("lnGamma matches scipy.special.gammaln", () => {
    for (const [x, value] of reference.lnGamma as [number, number][]) {
      expect(Math.abs(lnGamma(x) - value)).toBeLessThan(1e-12 * Math.max(1, Math.abs(value)));
    }
  });

  it("sampleBeta draws have the distribution's mean and variance (seeded)", () => {
    const random = mulberry32(11);
    const params = { alpha: 3.5, beta: 1.5 };
    const draws = Array.from({ length: 40_000 }, () => sampleBeta(params, random));
    const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
    const variance = draws.reduce((a, b) => a + (b - mean) ** 2, 0) / draws.length;
    expect(Math.abs(mean - betaMean(params))).toBeLessThan(0.004);
    expect(Math.abs(variance - betaVariance(params))).toBeLessThan(0.002);
    expect(draws.every((x) => x > 0 && x < 1)).toBe(true);
  });

  it("betaQuantile rejects a probability outside 0–1", () => {
    expect(() => betaQuantile(1.5, { alpha: 1, beta: 1 })).toThrow(/expected 0–1/);
  });
});
