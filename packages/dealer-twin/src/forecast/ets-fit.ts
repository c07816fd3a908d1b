import { concentratedLinearLoss, concentratedSeasonalLoss, seasonalWorkspace } from "./ets-concentrated.js";
import { type EtsParams, type EtsSpec, etsRecursion } from "./ets-core.js";
import { nelderMead } from "./nelder-mead.js";
import { seasonalIndices } from "./seasonality.js";

/** A fitted ETS model: parameters, initial and final states, and its information criteria. */
export interface EtsModel {
  spec: EtsSpec;
  params: EtsParams;
  /** Estimated initial level and slope (series units). */
  initialLevel: number;
  initialTrend: number;
  /** Final states after the last observation (in the series' own units). */
  level: number;
  trend: number;
  /** Seasonal ring: index t mod m holds the season of time t (length m, or 1 when non-seasonal). */
  season: Float64Array;
  /** Number of observations fitted. */
  n: number;
  /** Free parameters counted for the criteria (smoothing, initial states, σ), as R counts them. */
  k: number;
  /** Innovation variance (relative for multiplicative errors). */
  sigma2: number;
  logLik: number;
  aic: number;
  aicc: number;
  bic: number;
}

const LOWER = 1e-4;
const UPPER = 0.9999;
const PHI_LOWER = 0.8;
const PHI_UPPER = 0.98;
// Initial simplex steps. With 0.02 for both, the optimiser stopped in a poorer optimum than R's (AICc
// worse by more than 5) on 29 of the 359 M4 Weekly series; with these, on 13. Judged by the
// likelihood reached, not by forecast accuracy.
const BETA_STEP = 0.1;
const PHI_STEP = 0.05;

/** Options of {@link fitEts}. */
export interface FitEtsOptions {
  /** Nelder–Mead budget; default 50 per parameter (accuracy on M4 barely moves beyond it). */
  maxEvaluations?: number;
  /** Relative spread of −2·log L in the simplex at which to stop; default 1e-5. */
  tolerance?: number;
  /** Warm start from a related fit (e.g. the additive-error twin of a multiplicative-error model). */
  start?: Pick<EtsModel, "params" | "initialLevel" | "initialTrend">;
}

/**
 * Fits one ETS model by maximum likelihood (Nelder–Mead over the smoothing parameters and the
 * initial level/trend). For additive errors the initial states enter the errors linearly: without a
 * season they are solved exactly in every evaluation; with an additive season all of them (seasonal
 * too) are solved before and after the optimisation. Other seasonal models start from a classical
 * decomposition of the first seasons. Seasonal states are counted as parameters as R
 * counts them. Returns `undefined` when the model cannot be fitted
 * (too few observations, a multiplicative component on non-positive data, no finite likelihood).
 *
 * @example fitEts(series, { error: "A", trend: "Ad", season: "N", period: 1 })?.aicc
 */
export function fitEts(y: Float64Array, spec: EtsSpec, options: FitEtsOptions = {}): EtsModel | undefined {
  const n = y.length;
  const seasonal = spec.season !== "N";
  const m = seasonal ? spec.period : 1;
  if (seasonal && (m < 2 || n < 2 * m)) return undefined;
  if ((spec.error === "M" || spec.season === "M") && !allPositive(y)) return undefined;
  const hasTrend = spec.trend !== "N";
  const damped = spec.trend === "Ad";
  const seasonCount = seasonal ? m - 1 : 0;
  const k = 2 + (hasTrend ? 2 : 0) + (damped ? 1 : 0) + (seasonal ? 1 + seasonCount : 0) + 1;
  if (n <= k + 1) return undefined;

  // Work on a scaled copy so the optimiser sees levels near 1 whatever the units.
  let scale = 0;
  for (let t = 0; t < n; t++) scale += Math.abs(y[t]!);
  scale = scale / n || 1;
  const z = new Float64Array(n);
  for (let t = 0; t < n; t++) z[t] = y[t]! / scale;

  const initialSeason = new Float64Array(m);
  if (seasonal) seasonalIndices(z.subarray(0, Math.min(n, 3 * m)), m, spec.season === "M", initialSeason);
  else initialSeason[0] = 0;
  const { level: l0, trend: b0 } = initialLevelTrend(z, m, spec, initialSeason);

  const season = new Float64Array(m);
  const state = { level: 0, trend: 0 };
  const params: EtsParams = { alpha: 0, beta: 0, gamma: 0, phi: 1 };
  // Additive-error non-seasonal models: initial states are solved exactly, the optimiser sees only
  // the smoothing parameters.
  const concentrated = spec.error === "A" && !seasonal;
  // With an additive season too, but solving all m+1 states in every evaluation costs too much: they
  // are solved at the start and at the optimum instead.
  const workspace = spec.error === "A" && spec.season === "A" ? seasonalWorkspace(m, hasTrend) : undefined;
  const unpack = (x: Float64Array): boolean => {
    let i = 0;
    params.alpha = x[i++]!;
    params.beta = hasTrend ? x[i++]! : 0;
    params.gamma = seasonal ? x[i++]! : 0;
    params.phi = damped ? x[i++]! : 1;
    if (!concentrated) {
      state.level = x[i++]!;
      state.trend = hasTrend ? x[i++]! : 0;
    }
    const { alpha, beta, gamma, phi } = params;
    if (alpha < LOWER || alpha > UPPER) return false;
    if (hasTrend && (beta < LOWER || beta > alpha)) return false;
    if (seasonal && (gamma < LOWER || gamma > 1 - alpha)) return false;
    if (damped && (phi < PHI_LOWER || phi > PHI_UPPER)) return false;
    return true;
  };
  const objective = (x: Float64Array): number => {
    if (!unpack(x)) return Number.POSITIVE_INFINITY;
    if (concentrated) return concentratedLinearLoss(z, n, spec, params, state);
    season.set(initialSeason);
    return etsRecursion(z, n, spec, params, state, season);
  };
  const warm = options.start;
  const alpha0 = warm ? warm.params.alpha : seasonal ? 0.2 / m + LOWER : 0.2;
  // Start where R's ets() starts (initparam) and step by amounts that matter on each scale.
  const start = [alpha0];
  const steps = [0.1];
  const add = (value: number, step: number) => {
    start.push(value);
    steps.push(step);
  };
  const inside = (value: number, low: number, high: number) =>
    Math.min(Math.max(value, low + 1e-6), high - 1e-6);
  if (hasTrend) add(warm ? inside(warm.params.beta, LOWER, alpha0) : 0.1 * alpha0, BETA_STEP);
  if (seasonal) add(warm ? inside(warm.params.gamma, LOWER, 1 - alpha0) : 0.05 * (1 - alpha0), 0.02);
  if (damped) add(warm ? inside(warm.params.phi, PHI_LOWER, PHI_UPPER) : 0.95, PHI_STEP);
  if (!concentrated) {
    const level = warm ? warm.initialLevel / scale : l0;
    const trend = warm ? warm.initialTrend / scale : b0;
    add(level, Math.max(0.05 * Math.abs(level), 0.01));
    if (hasTrend) add(trend, Math.max(0.1 * Math.abs(trend), 0.005));
  }
  if (workspace && !warm && unpack(Float64Array.from(start))) {
    // Additive errors and season: the initial states that are optimal at the starting parameters
    // replace the decomposition's (exact least squares; the optimiser then moves from there).
    concentratedSeasonalLoss(z, n, spec, params, state, initialSeason, workspace);
    const at = 1 + (hasTrend ? 1 : 0) + 1 + (damped ? 1 : 0);
    start[at] = state.level;
    if (hasTrend) start[at + 1] = state.trend;
  }
  const result = nelderMead(objective, start, {
    maxEvaluations: options.maxEvaluations ?? 50 * start.length,
    tolerance: options.tolerance ?? 1e-5,
    steps,
  });
  if (!Number.isFinite(result.value) || !unpack(result.x)) return undefined;
  if (concentrated) concentratedLinearLoss(z, n, spec, params, state);
  if (workspace) {
    // And once more at the optimum: re-solving every initial state can only lower the error sum.
    const before = initialSeason.slice();
    const saved = { ...state };
    if (!Number.isFinite(concentratedSeasonalLoss(z, n, spec, params, state, initialSeason, workspace))) {
      initialSeason.set(before);
      Object.assign(state, saved);
    }
  }
  const initialLevel = state.level * scale;
  const initialTrend = state.trend * scale;
  season.set(initialSeason);
  const residuals = new Float64Array(n);
  const lik = etsRecursion(z, n, spec, params, state, season, residuals);
  if (!Number.isFinite(lik)) return undefined;
  let sse = 0;
  for (let t = 0; t < n; t++) sse += residuals[t]! ** 2;
  // Back to the original units: the criterion shifts by 2n·log(scale), additive states scale linearly.
  const likOriginal = lik + 2 * n * Math.log(scale);
  // R reports log L without the constant terms; keep its convention so the AICc tables compare.
  const logLik = -0.5 * likOriginal;
  const aic = -2 * logLik + 2 * k;
  const multError = spec.error === "M";
  const sigma2 = (multError ? sse : sse * scale * scale) / Math.max(n - k, 1);
  if (spec.season === "A") for (let i = 0; i < m; i++) season[i]! *= scale;
  return {
    spec,
    params: { ...params },
    initialLevel,
    initialTrend,
    level: state.level * scale,
    trend: state.trend * scale,
    season,
    n,
    k,
    sigma2,
    logLik,
    aic,
    aicc: aic + (2 * k * (k + 1)) / (n - k - 1),
    bic: aic + k * (Math.log(n) - 2),
  };
}

/** Level and slope of the first observations after removing the initial seasonal pattern (R's rule). */
function initialLevelTrend(
  z: Float64Array,
  m: number,
  spec: EtsSpec,
  season: Float64Array,
): { level: number; trend: number } {
  const count = Math.min(Math.max(10, 2 * m), z.length);
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  for (let t = 0; t < count; t++) {
    const s = season[t % m]!;
    const v = spec.season === "M" ? z[t]! / s : spec.season === "A" ? z[t]! - s : z[t]!;
    const x = t + 1;
    sx += x;
    sy += v;
    sxx += x * x;
    sxy += x * v;
  }
  if (spec.trend === "N") return { level: sy / count, trend: 0 };
  const slope = (count * sxy - sx * sy) / (count * sxx - sx * sx);
  const intercept = (sy - slope * sx) / count;
  return { level: intercept, trend: slope };
}

function allPositive(y: Float64Array): boolean {
  for (let t = 0; t < y.length; t++) if (!(y[t]! > 0)) return false;
  return true;
}
