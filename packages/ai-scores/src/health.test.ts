import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { computeHealth } from "./health.js";
import { HEALTH_MODEL } from "./model.js";

describe("computeHealth", () => {
  it("is the weighted mean of all four inputs when all are given", () => {
    const h = computeHealth({ aiVisibility: 0.6, forecastAccuracy: 0.8, sentiment: 0.5, performance: 0.4 });
    expect(h.value).toBeCloseTo(100 * (0.35 * 0.6 + 0.25 * 0.8 + 0.2 * 0.5 + 0.2 * 0.4), 1);
    expect(h.missing).toEqual([]);
    expect(h.renormalised).toBe(false);
  });

  it("renormalises over the available inputs and names the missing ones", () => {
    const h = computeHealth({ aiVisibility: 0.6, sentiment: 0.5, performance: Number.NaN });
    expect(h.missing).toEqual(["forecastAccuracy", "performance"]);
    expect(h.renormalised).toBe(true);
    expect(h.value).toBeCloseTo((100 * (0.35 * 0.6 + 0.2 * 0.5)) / 0.55, 1);
    const effective = h.inputs.reduce((total, input) => total + input.effectiveWeight, 0);
    expect(effective).toBeCloseTo(1, 3);
    expect(h.note).toContain("forecastAccuracy, performance");
    expect(computeHealth({}).value).toBeNull();
  });

  it("stays in 0–100 and never falls when an input rises", () => {
    const input = fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined });
    const keys = Object.keys(HEALTH_MODEL.weights) as (keyof typeof HEALTH_MODEL.weights)[];
    fc.assert(
      fc.property(fc.tuple(input, input, input, input), fc.constantFrom(...keys), (values, key) => {
        const inputs = Object.fromEntries(keys.map((k, i) => [k, values[i]]));
        const base = computeHealth(inputs).value;
        if (base !== null) expect(base >= 0 && base <= 100).toBe(true);
        if (inputs[key] === undefined) return;
        const raised = computeHealth({ ...inputs, [key]: Math.min(1, (inputs[key] as number) + 0.1) }).value;
        expect(raised as number).toBeGreaterThanOrEqual(base as number);
      }),
    );
  });
});
