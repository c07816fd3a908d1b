/** Options of {@link nelderMead}. */
export interface NelderMeadOptions {
  /** Stop after this many objective evaluations. */
  maxEvaluations?: number;
  /** Stop when the spread of objective values in the simplex falls below this (relative). */
  tolerance?: number;
  /** Initial step per coordinate; defaults to 10% of |x| (or 0.05 where x is 0). */
  steps?: ArrayLike<number>;
}

/** Result of {@link nelderMead}; `x` is a fresh array owned by the caller. */
export interface NelderMeadResult {
  x: Float64Array;
  value: number;
  evaluations: number;
}

/**
 * Derivative-free minimisation (Nelder–Mead, Lagarias et al. 1998 coefficients), as R's `optim()`
 * uses for `ets()`. The objective returns `Infinity` outside the feasible region; the simplex lives
 * in one preallocated buffer so a fit allocates a handful of arrays, not one per step.
 *
 * @example nelderMead((p) => (p[0]! - 1) ** 2 + (p[1]! + 2) ** 2, [0, 0]).x // ≈ [1, -2]
 */
export function nelderMead(
  objective: (x: Float64Array) => number,
  start: ArrayLike<number>,
  options: NelderMeadOptions = {},
): NelderMeadResult {
  const d = start.length;
  const maxEvaluations = options.maxEvaluations ?? 200 * d;
  const tolerance = options.tolerance ?? 1e-8;
  const points = new Float64Array((d + 1) * d);
  const values = new Float64Array(d + 1);
  const centroid = new Float64Array(d);
  const trial = new Float64Array(d);
  const trial2 = new Float64Array(d);
  let evaluations = 0;
  const evaluate = (x: Float64Array): number => {
    evaluations++;
    const value = objective(x);
    return Number.isNaN(value) ? Number.POSITIVE_INFINITY : value;
  };
  for (let j = 0; j < d; j++) points[j] = start[j]!;
  values[0] = evaluate(points.subarray(0, d));
  for (let i = 1; i <= d; i++) {
    const row = points.subarray(i * d, (i + 1) * d);
    row.set(points.subarray(0, d));
    const x = row[i - 1]!;
    const step = options.steps?.[i - 1] ?? (x === 0 ? 0.05 : 0.1 * Math.abs(x));
    row[i - 1] = x + step;
    values[i] = evaluate(row);
  }
  const order = new Int32Array(d + 1);
  for (;;) {
    // Sort indices by value (insertion sort: d is small).
    for (let i = 0; i <= d; i++) order[i] = i;
    for (let i = 1; i <= d; i++) {
      const current = order[i]!;
      let j = i - 1;
      while (j >= 0 && values[order[j]!]! > values[current]!) {
        order[j + 1] = order[j]!;
        j--;
      }
      order[j + 1] = current;
    }
    const best = order[0]!;
    const worst = order[d]!;
    const secondWorst = order[d - 1]!;
    const fBest = values[best]!;
    const fWorst = values[worst]!;
    if (evaluations >= maxEvaluations) break;
    if (Number.isFinite(fWorst) && Math.abs(fWorst - fBest) <= tolerance * (Math.abs(fBest) + tolerance))
      break;
    centroid.fill(0);
    for (let i = 0; i <= d; i++) {
      if (i === worst) continue;
      for (let j = 0; j < d; j++) centroid[j]! += points[i * d + j]!;
    }
    for (let j = 0; j < d; j++) centroid[j]! /= d;
    const worstOffset = worst * d;
    for (let j = 0; j < d; j++) trial[j] = 2 * centroid[j]! - points[worstOffset + j]!;
    const fReflect = evaluate(trial);
    if (fReflect < fBest) {
      for (let j = 0; j < d; j++) trial2[j] = 3 * centroid[j]! - 2 * points[worstOffset + j]!;
      const fExpand = evaluate(trial2);
      if (fExpand < fReflect) replace(points, values, worstOffset, trial2, fExpand, worst);
      else replace(points, values, worstOffset, trial, fReflect, worst);
      continue;
    }
    if (fReflect < values[secondWorst]!) {
      replace(points, values, worstOffset, trial, fReflect, worst);
      continue;
    }
    const outside = fReflect < fWorst;
    for (let j = 0; j < d; j++) {
      trial2[j] = outside
        ? centroid[j]! + 0.5 * (trial[j]! - centroid[j]!)
        : centroid[j]! + 0.5 * (points[worstOffset + j]! - centroid[j]!);
    }
    const fContract = evaluate(trial2);
    if (fContract < (outside ? fReflect : fWorst)) {
      replace(points, values, worstOffset, trial2, fContract, worst);
      continue;
    }
    // Shrink towards the best point.
    const bestOffset = best * d;
    for (let i = 0; i <= d; i++) {
      if (i === best) continue;
      const row = points.subarray(i * d, (i + 1) * d);
      for (let j = 0; j < d; j++)
        row[j] = points[bestOffset + j]! + 0.5 * (row[j]! - points[bestOffset + j]!);
      values[i] = evaluate(row);
    }
  }
  let best = 0;
  for (let i = 1; i <= d; i++) if (values[i]! < values[best]!) best = i;
  return { x: points.slice(best * d, (best + 1) * d), value: values[best]!, evaluations };
}

function replace(
  points: Float64Array,
  values: Float64Array,
  offset: number,
  x: Float64Array,
  value: number,
  index: number,
): void {
  points.set(x, offset);
  values[index] = value;
}
