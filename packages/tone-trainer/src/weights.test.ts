import fc from "fast-check";
import { describe, expect, it } from "vitest";
import reference from "./__tests__/fixtures/scipy-reference.json" with { type: "json" };
import { kahanSum } from "./projection.js";
import { probabilityOfBest, toneWeights } from "./weights.js";

const params = fc.record({
  alpha: fc.double({ min: 0.5, max: 400, noNaN: true }),
  beta: fc.double({ min: 0.5, max: 400, noNaN: true }),
});
const posteriorSets = fc.array(params, { minLength: 1, maxLength: 8 });
const FAST = 256;

describe("P(best) and tone weights", () => {
  it("P(best) matches SciPy's adaptive quadrature on the reference posteriors", () => {
    const { global, clusters } = reference.training;
    for (const set of [global, ...Object.values(clusters)]) {
      const posteriors = (set.params as [number, number][]).map(([alpha, beta]) => ({ alpha, beta }));
      const p = probabilityOfBest(posteriors);
      p.forEach((value, i) => {
        expect(Math.abs(value - (set.pbest[i] as number))).toBeLessThan(1e-6);
      });
    }
  });

  it("P(best) stays accurate for narrow posteriors (tens of thousands of ratings)", () => {
    const p = probabilityOfBest([
      { alpha: 8600, beta: 1400 },
      { alpha: 8640, beta: 1360 },
    ]);
    // Difference of two near-normal rates: P = Φ(Δ/σ) with Δ = 0.004, σ = √(2·0.86·0.14/10001).
    const sigma = Math.sqrt((0.86 * 0.14 + 0.864 * 0.136) / 10_001);
    const z = 0.004 / sigma;
    const phi = 0.5 * (1 + erf(z / Math.SQRT2));
    expect(Math.abs((p[1] as number) - phi)).toBeLessThan(5e-3);
    expect(Math.abs(kahanSum(p) - 1)).toBeLessThan(1e-3);
  });

  it("weights match the SciPy reference (P(best), then the floor projection)", () => {
    const { global, floor } = reference.training;
    const posteriors = (global.params as [number, number][]).map(([alpha, beta]) => ({ alpha, beta }));
    toneWeights(posteriors, { floor }).forEach((w, i) => {
      expect(Math.abs(w - (global.weights[i] as number))).toBeLessThan(1e-6);
    });
    toneWeights(posteriors, { floor, method: "expected-reward" }).forEach((w, i) => {
      expect(Math.abs(w - (global.expectedRewardWeights[i] as number))).toBeLessThan(1e-12);
    });
  });

  it("weights sum to 1 within 1e-12 and never fall below the floor (both methods)", () => {
    fc.assert(
      fc.property(
        posteriorSets,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.boolean(),
        (posteriors, share, pbest) => {
          const floor = share / posteriors.length;
          const weights = toneWeights(posteriors, {
            floor,
            gridSize: FAST,
            method: pbest ? "probability-best" : "expected-reward",
          });
          expect(Math.abs(kahanSum(weights) - 1)).toBeLessThanOrEqual(1e-12);
          for (const w of weights) expect(w).toBeGreaterThanOrEqual(floor);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("is monotone in positive feedback: more thumbs up for a tone never lowers its weight", () => {
    fc.assert(
      fc.property(
        posteriorSets,
        fc.nat(),
        fc.double({ min: 0.01, max: 200, noNaN: true }),
        fc.constantFrom(0, 0.05, 0.1),
        fc.boolean(),
        (posteriors, pick, extra, floorShare, pbest) => {
          const k = pick % posteriors.length;
          const floor = Math.min(floorShare, 1 / posteriors.length);
          const options = {
            floor,
            gridSize: FAST,
            method: pbest ? ("probability-best" as const) : ("expected-reward" as const),
          };
          const before = toneWeights(posteriors, options);
          const more = posteriors.map((p, i) => (i === k ? { alpha: p.alpha + extra, beta: p.beta } : p));
          const after = toneWeights(more, options);
          expect(after[k] as number).toBeGreaterThanOrEqual((before[k] as number) - 1e-12);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("refuses floor × tones > 1 before integrating", () => {
    const five = Array.from({ length: 5 }, () => ({ alpha: 2, beta: 2 }));
    expect(() => toneWeights(five, { floor: 0.25 })).toThrow(/0\.25 × 5 tones = 1\.25 > 1/);
  });

  it("rejects a non-positive posterior parameter with its index", () => {
    expect(() =>
      toneWeights(
        [
          { alpha: 1, beta: 1 },
          { alpha: 0, beta: 1 },
        ],
        { floor: 0.1 },
      ),
    ).toThrow(/posteriors\[1\]/);
  });
});

/** Abramowitz–Stegun 7.1.26 is too coarse here; use the series/continued fraction via erfc. */
function erf(x: number): number {
  // High-accuracy erf by Taylor series (|x| small here: z ≲ 3).
  let sum = x;
  let term = x;
  for (let n = 1; n < 200; n++) {
    term *= (-x * x) / n;
    sum += term / (2 * n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}
