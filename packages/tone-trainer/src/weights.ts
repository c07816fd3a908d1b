import { DaiError } from "@dai/core";
import { type BetaParams, betaCdf, betaMean } from "./beta.js";
import { projectOntoFlooredSimplex } from "./projection.js";

/** How posteriors become weights before the floor projection. */
export type WeightMethod = "probability-best" | "expected-reward";

export interface WeightOptions {
  /** Minimum weight per tone (the manifest's minWeight, via `toneFloor`). */
  readonly floor: number;
  /** Default "probability-best". */
  readonly method?: WeightMethod;
  /** Intervals of the [0, 1] grid for P(best); default 2048. */
  readonly gridSize?: number;
}

/**
 * P(tone k has the highest approval rate) under independent Beta posteriors — what a Thompson
 * sampler would choose, computed deterministically instead of by sampling. It is the Stieltjes sum
 * pₖ = Σ_g [Fₖ(x_{g+1}) − Fₖ(x_g)] · Π_{j≠k} F_j(m_g) on a fixed grid x_g = g/N with midpoints m_g.
 * Because the grid does not depend on the parameters, pₖ is exactly non-decreasing in αₖ (summation by
 * parts: pₖ = G(m_last) − Σ Fₖ(x_g)·ΔG_g with ΔG ≥ 0, and Fₖ falls pointwise as αₖ rises) and every
 * other p_j is non-increasing — which, through the projection, makes the weights monotone in
 * positive feedback. The sum is 1 up to the grid error (~1e-4 for very narrow posteriors); the
 * projection absorbs the residue.
 *
 * @example probabilityOfBest([{ alpha: 90, beta: 10 }, { alpha: 50, beta: 50 }]) // ≈ [1, 0]
 */
export function probabilityOfBest(posteriors: readonly BetaParams[], gridSize = 2048): number[] {
  const k = posteriors.length;
  const n = gridSize;
  // cdf[t][2g] = F_t(x_g), cdf[t][2g+1] = F_t(m_g).
  const cdf = posteriors.map((params) => cdfOnGrid(params, 2 * n));
  const result = new Array<number>(k).fill(0);
  for (let g = 0; g < n; g++) {
    for (let t = 0; t < k; t++) {
      const own = cdf[t] as Float64Array;
      const jump = (own[2 * g + 2] as number) - (own[2 * g] as number);
      if (jump === 0) continue;
      let others = 1;
      for (let j = 0; j < k && others > 0; j++)
        if (j !== t) others *= (cdf[j] as Float64Array)[2 * g + 1] as number;
      result[t] = (result[t] as number) + jump * others;
    }
  }
  return result;
}

/**
 * F(i / m) for i = 0…m. A narrow posterior's CDF is exactly 0 or 1 (in doubles) over most of the
 * grid: bisection finds where it leaves 0 and reaches 1 (F is monotone in x), and only the points in
 * between are computed — the same values, a tenth of the work for thousands of ratings.
 */
function cdfOnGrid(params: BetaParams, m: number): Float64Array {
  const values = new Float64Array(m + 1);
  const at = (i: number) => betaCdf(i / m, params);
  // First index with F > 0, and first with F === 1.
  let lo = 0;
  let hi = m;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (at(mid) > 0) hi = mid;
    else lo = mid + 1;
  }
  const start = lo;
  hi = m;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (at(mid) >= 1) hi = mid;
    else lo = mid + 1;
  }
  for (let i = start; i < lo; i++) values[i] = at(i);
  values.fill(1, lo);
  return values;
}

/**
 * Tone weights from posteriors: P(best) (default) or expected reward normalised to sum 1, then the
 * exact projection onto {Σw = 1, w ≥ floor}. floor × tones > 1 throws a `DaiError` (422).
 *
 * @example toneWeights([{ alpha: 30, beta: 5 }, { alpha: 20, beta: 15 }], { floor: 0.1 }) // ≈ [0.9, 0.1]
 */
export function toneWeights(posteriors: readonly BetaParams[], options: WeightOptions): number[] {
  posteriors.forEach(({ alpha, beta }, index) => {
    if (!(alpha > 0 && beta > 0 && Number.isFinite(alpha) && Number.isFinite(beta))) {
      throw new DaiError(
        "invalid_posterior",
        `posteriors[${index}]: expected alpha, beta > 0, got ${alpha}, ${beta}`,
        { status: 422, field: `posteriors[${index}]` },
      );
    }
  });
  // Check the floor before the (costlier) integration so the error comes first.
  projectOntoFlooredSimplex(new Array<number>(posteriors.length).fill(0), options.floor);
  const method = options.method ?? "probability-best";
  let raw: number[];
  if (method === "probability-best") raw = probabilityOfBest(posteriors, options.gridSize);
  else {
    const means = posteriors.map(betaMean);
    const total = means.reduce((a, b) => a + b, 0);
    raw = means.map((mean) => mean / total);
  }
  return projectOntoFlooredSimplex(raw, options.floor);
}
