import { DaiError } from "@dai/core";

/**
 * The exact Euclidean projection of `values` onto {w : Σw = 1, wᵢ ≥ floor}: the closest weights (in
 * the L2 sense) that sum to one and give every tone at least the floor. Substituting v = w − floor
 * turns it into the projection onto the simplex of radius 1 − n·floor, solved by the sort-based
 * algorithm of Held et al. / Duchi et al. (O(n log n)): wᵢ = max(valuesᵢ − τ, floor) for the one τ
 * that makes the sum 1. Unlike "clamp then renormalise", this never pushes a clamped tone back below
 * the floor and keeps the ordering of the inputs.
 *
 * floor × n > 1 has no solution and throws a `DaiError` (422); floor × n = 1 gives all weights = floor.
 *
 * @example projectOntoFlooredSimplex([0.9, 0.05, 0.05], 0.1) // [0.8, 0.1, 0.1]
 */
export function projectOntoFlooredSimplex(values: readonly number[], floor: number): number[] {
  const n = values.length;
  if (n === 0) throw new DaiError("no_tones", "cannot weight an empty set of tones", { status: 422 });
  if (!Number.isFinite(floor) || floor < 0) {
    throw new DaiError("invalid_floor", `floor: expected a finite number ≥ 0, got ${floor}`, {
      status: 422,
      field: "floor",
    });
  }
  values.forEach((value, index) => {
    if (!Number.isFinite(value)) {
      throw new DaiError("invalid_weight", `values[${index}]: expected a finite number, got ${value}`, {
        status: 422,
        field: `values[${index}]`,
      });
    }
  });
  const radius = 1 - n * floor;
  if (radius < -1e-12) {
    throw new DaiError(
      "floor_too_high",
      `tone floor ${floor} × ${n} tones = ${Number((floor * n).toPrecision(12))} > 1: no weights can sum to 1 with every tone at the floor; lower scripts.trainToneModel.algorithm.minWeight or use fewer tones`,
      { status: 422, field: "floor" },
    );
  }
  if (radius <= 0) return new Array<number>(n).fill(1 / n);
  const shifted = values.map((value) => value - floor);
  const sorted = [...shifted].sort((a, b) => b - a);
  let cumulative = 0;
  let tau = 0;
  for (let j = 0; j < n; j++) {
    cumulative += sorted[j] as number;
    const candidate = (cumulative - radius) / (j + 1);
    if ((sorted[j] as number) - candidate > 0) tau = candidate;
  }
  const weights = shifted.map((value) => floor + Math.max(value - tau, 0));
  // Rounding can leave the sum off by a few ulps; give the residue to the largest weight, which sits
  // above the floor whenever radius > 0, so the floor still holds.
  const residue = 1 - kahanSum(weights);
  let largest = 0;
  for (let i = 1; i < n; i++) if ((weights[i] as number) > (weights[largest] as number)) largest = i;
  weights[largest] = (weights[largest] as number) + residue;
  return weights;
}

/** Compensated sum: the property tests demand |Σw − 1| ≤ 1e-12 for hundreds of tones. */
export function kahanSum(values: readonly number[]): number {
  let sum = 0;
  let compensation = 0;
  for (const value of values) {
    const y = value - compensation;
    const t = sum + y;
    compensation = t - sum - y;
    sum = t;
  }
  return sum;
}
