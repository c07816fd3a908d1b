import type { EtsParams, EtsSpec } from "./ets-core.js";
import { solveSymmetric } from "./linear.js";

/**
 * For additive-error, non-seasonal models the one-step errors are linear in the initial level and
 * slope, so their maximum-likelihood values follow from a 2×2 least-squares solve instead of the
 * optimiser: three recursions run side by side (the data from zero states, and the responses to a
 * unit initial level and a unit initial slope). Writes the optimal initial states into `initial`
 * and returns `n·log(SSE)`.
 */
export function concentratedLinearLoss(
  y: Float64Array,
  n: number,
  spec: EtsSpec,
  p: EtsParams,
  initial: { level: number; trend: number },
): number {
  const alpha = p.alpha;
  const hasTrend = spec.trend !== "N";
  const beta = hasTrend ? p.beta : 0;
  const damp = spec.trend === "Ad" ? p.phi : 1;
  let l0 = 0;
  let b0 = 0;
  let lL = 1;
  let bL = 0;
  let lB = 0;
  let bB = hasTrend ? 1 : 0;
  let s00 = 0;
  let s0L = 0;
  let s0B = 0;
  let sLL = 0;
  let sLB = 0;
  let sBB = 0;
  for (let t = 0; t < n; t++) {
    const q0 = l0 + damp * b0;
    const qL = lL + damp * bL;
    const qB = lB + damp * bB;
    const e0 = y[t]! - q0;
    const eL = -qL;
    const eB = -qB;
    s00 += e0 * e0;
    s0L += e0 * eL;
    s0B += e0 * eB;
    sLL += eL * eL;
    sLB += eL * eB;
    sBB += eB * eB;
    l0 = q0 + alpha * e0;
    b0 = damp * b0 + beta * e0;
    lL = qL + alpha * eL;
    bL = damp * bL + beta * eL;
    lB = qB + alpha * eB;
    bB = damp * bB + beta * eB;
  }
  let level: number;
  let trend = 0;
  const det = sLL * sBB - sLB * sLB;
  if (hasTrend && det > 1e-12 * sLL * sBB) {
    level = (-s0L * sBB + s0B * sLB) / det;
    trend = (-s0B * sLL + s0L * sLB) / det;
  } else level = sLL > 0 ? -s0L / sLL : 0;
  const sse =
    s00 +
    2 * level * s0L +
    2 * trend * s0B +
    level * level * sLL +
    2 * level * trend * sLB +
    trend * trend * sBB;
  initial.level = level;
  initial.trend = trend;
  if (!Number.isFinite(sse)) return Number.POSITIVE_INFINITY;
  return n * Math.log(Math.max(sse, 1e-300 + 1e-14 * s00));
}

/** Preallocated buffers of {@link concentratedSeasonalLoss} for one model and series length. */
export interface SeasonalWorkspace {
  unknowns: number;
  level: Float64Array;
  trend: Float64Array;
  season: Float64Array;
  errors: Float64Array;
  gram: Float64Array;
  matrix: Float64Array;
  rhs: Float64Array;
  theta: Float64Array;
}

export function seasonalWorkspace(m: number, hasTrend: boolean): SeasonalWorkspace {
  const unknowns = 1 + (hasTrend ? 1 : 0) + (m - 1);
  const tracks = unknowns + 1;
  return {
    unknowns,
    level: new Float64Array(tracks),
    trend: new Float64Array(tracks),
    season: new Float64Array(tracks * m),
    errors: new Float64Array(tracks),
    gram: new Float64Array(tracks * tracks),
    matrix: new Float64Array(unknowns * unknowns),
    rhs: new Float64Array(unknowns),
    theta: new Float64Array(unknowns),
  };
}

/**
 * The linear class with an additive season (ETS(A,N,A), (A,A,A), (A,Ad,A)): the one-step errors are
 * linear in every initial state, so level, slope and the m−1 free seasonal states (the last one makes
 * them sum to 0, as R normalises them) are solved by least squares, like R's optimiser would find
 * them but exactly. One recursion per unknown runs beside the data's. Writes the initial states into
 * `initial` and `initialSeason` (ring order: index t mod m) and returns `n·log(SSE)`.
 */
export function concentratedSeasonalLoss(
  y: Float64Array,
  n: number,
  spec: EtsSpec,
  p: EtsParams,
  initial: { level: number; trend: number },
  initialSeason: Float64Array,
  w: SeasonalWorkspace,
): number {
  const m = spec.period;
  const hasTrend = spec.trend !== "N";
  const alpha = p.alpha;
  const beta = hasTrend ? p.beta : 0;
  const gamma = p.gamma;
  const damp = spec.trend === "Ad" ? p.phi : 1;
  const u = w.unknowns;
  const tracks = u + 1;
  const { level, trend, season, errors, gram } = w;
  level.fill(0);
  trend.fill(0);
  season.fill(0);
  gram.fill(0);
  // Track 0 is the data from zero states; track k is the response to unknown k − 1 set to 1.
  level[1] = 1;
  const firstSeason = hasTrend ? 3 : 2;
  if (hasTrend) trend[2] = 1;
  for (let j = 0; j < m - 1; j++) {
    season[(firstSeason + j) * m + j] = 1;
    season[(firstSeason + j) * m + m - 1] = -1;
  }
  let slot = 0;
  for (let t = 0; t < n; t++) {
    const yt = y[t]!;
    for (let k = 0; k < tracks; k++) {
      const q = level[k]! + damp * trend[k]!;
      const index = k * m + slot;
      const e = (k === 0 ? yt : 0) - q - season[index]!;
      errors[k] = e;
      level[k] = q + alpha * e;
      trend[k] = damp * trend[k]! + beta * e;
      season[index]! += gamma * e;
    }
    for (let a = 0; a < tracks; a++) {
      const ea = errors[a]!;
      if (ea === 0) continue;
      for (let b = a; b < tracks; b++) gram[a * tracks + b]! += ea * errors[b]!;
    }
    slot = slot + 1 === m ? 0 : slot + 1;
  }
  const { matrix, rhs } = w;
  for (let a = 0; a < u; a++) {
    rhs[a] = -gram[a + 1]!;
    for (let b = a; b < u; b++) {
      const value = gram[(a + 1) * tracks + b + 1]!;
      matrix[a * u + b] = value;
      matrix[b * u + a] = value;
    }
  }
  const theta = solveSymmetric(matrix, rhs, u);
  if (!theta) return Number.POSITIVE_INFINITY;
  let sse = gram[0]!;
  for (let a = 0; a < u; a++) sse -= theta[a]! * rhs[a]!;
  initial.level = theta[0]!;
  initial.trend = hasTrend ? theta[1]! : 0;
  let sum = 0;
  for (let j = 0; j < m - 1; j++) {
    initialSeason[j] = theta[firstSeason - 1 + j]!;
    sum += initialSeason[j]!;
  }
  initialSeason[m - 1] = -sum;
  if (!Number.isFinite(sse)) return Number.POSITIVE_INFINITY;
  return n * Math.log(Math.max(sse, 1e-300 + 1e-14 * gram[0]!));
}
