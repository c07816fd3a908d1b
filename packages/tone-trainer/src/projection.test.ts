import { DaiError } from "@dai/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import reference from "./__tests__/fixtures/scipy-reference.json" with { type: "json" };
import { kahanSum, projectOntoFlooredSimplex } from "./projection.js";

const vector = fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 1, maxLength: 40 });

describe("projectOntoFlooredSimplex", () => {
  it.each(reference.projections)("matches the bisection reference for $values with floor $floor", (row) => {
    const weights = projectOntoFlooredSimplex(row.values, row.floor);
    weights.forEach((w, i) => {
      expect(Math.abs(w - (row.weights[i] as number))).toBeLessThan(1e-12);
    });
  });

  it("sums to 1 within 1e-12 and keeps every weight ≥ floor, for any input and tone count", () => {
    fc.assert(
      fc.property(vector, fc.double({ min: 0, max: 1, noNaN: true }), (values, share) => {
        const floor = (share / values.length) * 0.999;
        const weights = projectOntoFlooredSimplex(values, floor);
        expect(Math.abs(kahanSum(weights) - 1)).toBeLessThanOrEqual(1e-12);
        for (const w of weights) expect(w).toBeGreaterThanOrEqual(floor);
      }),
      { numRuns: 500 },
    );
  });

  it("is the Euclidean projection: wᵢ = max(vᵢ − τ, floor) for one τ, and no feasible point is closer", () => {
    fc.assert(
      fc.property(vector, fc.double({ min: 0, max: 0.9, noNaN: true }), (values, share) => {
        const floor = share / values.length;
        const weights = projectOntoFlooredSimplex(values, floor);
        const free = weights
          .map((w, i) => ({ w, v: values[i] as number }))
          .filter(({ w }) => w > floor + 1e-9);
        if (free.length > 0) {
          const tau = (free[0] as { w: number; v: number }).v - (free[0] as { w: number; v: number }).w;
          for (const { w, v } of free) expect(Math.abs(v - w - tau)).toBeLessThan(1e-9);
          weights.forEach((w, i) => {
            if (w <= floor + 1e-9) expect(values[i] as number).toBeLessThanOrEqual(tau + floor + 1e-9);
          });
        }
        // A step toward any other feasible point (uniform) never gets closer.
        const distance = (w: number[]) => w.reduce((s, x, i) => s + (x - (values[i] as number)) ** 2, 0);
        const uniform = values.map(() => 1 / values.length);
        const mixed = weights.map((w, i) => 0.99 * w + 0.01 * (uniform[i] as number));
        expect(distance(weights)).toBeLessThanOrEqual(distance(mixed) + 1e-12);
      }),
      { numRuns: 300 },
    );
  });

  it("throws a 422 DaiError when floor × tones > 1, naming the manifest setting", () => {
    const error = (() => {
      try {
        projectOntoFlooredSimplex([0.2, 0.3, 0.5], 0.4);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(DaiError);
    expect((error as DaiError).status).toBe(422);
    expect((error as DaiError).message).toMatch(/0\.4 × 3 tones = 1\.2 > 1.*algorithm\.minWeight/);
  });

  it("gives every tone exactly the floor when floor × tones = 1", () => {
    expect(projectOntoFlooredSimplex([0.9, 0.05, 0.03, 0.02], 0.25)).toEqual([0.25, 0.25, 0.25, 0.25]);
  });

  it("rejects NaN values and a negative floor with the index or field", () => {
    expect(() => projectOntoFlooredSimplex([0.5, Number.NaN], 0.1)).toThrow(/values\[1\]/);
    expect(() => projectOntoFlooredSimplex([0.5, 0.5], -0.1)).toThrow(/floor/);
  });
});
