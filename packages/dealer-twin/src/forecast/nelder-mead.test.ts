import { describe, expect, it } from "vitest";
import { nelderMead } from "./nelder-mead.js";

describe("nelderMead", () => {
  it("finds the minimum of a shifted quadratic bowl", () => {
    const result = nelderMead((p) => (p[0]! - 1) ** 2 + 3 * (p[1]! + 2) ** 2, [0, 0], {
      tolerance: 1e-12,
      maxEvaluations: 2000,
    });
    expect(result.x[0]).toBeCloseTo(1, 4);
    expect(result.x[1]).toBeCloseTo(-2, 4);
  });

  it("minimises Rosenbrock's valley", () => {
    const rosenbrock = (p: Float64Array) => 100 * (p[1]! - p[0]! ** 2) ** 2 + (1 - p[0]!) ** 2;
    const result = nelderMead(rosenbrock, [-1.2, 1], { tolerance: 1e-14, maxEvaluations: 5000 });
    expect(result.value).toBeLessThan(1e-6);
  });

  it("stays inside a feasible region marked by Infinity and respects the evaluation budget", () => {
    const result = nelderMead((p) => (p[0]! < 0.5 ? Number.POSITIVE_INFINITY : p[0]! ** 2), [2], {
      maxEvaluations: 50,
    });
    expect(result.x[0]).toBeGreaterThanOrEqual(0.5);
    expect(result.evaluations).toBeLessThanOrEqual(52);
  });
});
