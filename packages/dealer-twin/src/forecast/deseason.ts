import { linearFit, solveSymmetric } from "./linear.js";
import { isSeasonal, seasonalIndices } from "./seasonality.js";

/** A seasonal pattern removed from a series, able to extend itself over the forecast horizon. */
export interface SeasonalAdjustment {
  period: number;
  multiplicative: boolean;
  /** How the pattern was estimated. */
  method: "classical" | "fourier";
  /** Fourier harmonics used (0 for classical). */
  harmonics: number;
  /** Seasonal component of times 0…n−1. */
  fitted: Float64Array;
  /** Seasonal component of times n…n+h−1. */
  future(h: number): Float64Array;
}

/**
 * Classical multiplicative/additive decomposition at an integer period, kept only when the M4
 * seasonality test says the series is seasonal (as the organisers' Theta and Naive2 do).
 */
export function classicalAdjustment(y: Float64Array, period: number): SeasonalAdjustment | undefined {
  const m = Math.round(period);
  if (m < 2 || m !== period || !isSeasonal(y, m)) return undefined;
  const multiplicative = allPositive(y);
  const indices = seasonalIndices(y, m, multiplicative);
  const n = y.length;
  const fitted = new Float64Array(n);
  for (let t = 0; t < n; t++) fitted[t] = indices[t % m]!;
  return {
    period: m,
    multiplicative,
    method: "classical",
    harmonics: 0,
    fitted,
    future(h) {
      const out = new Float64Array(h);
      for (let i = 0; i < h; i++) out[i] = indices[(n + i) % m]!;
      return out;
    },
  };
}

/**
 * A long or non-integer season (52.18 weeks, 365.25 days) as Fourier terms: the series is detrended
 * by a centred moving average one season long, then sin/cos harmonics k = 1…K are regressed on the
 * detrended values, K ∈ 0…10 chosen by AICc. K = 0 (no season) wins unless the pattern pays for its
 * parameters, which doubles as the seasonality test. Needs 1.5 seasons of data.
 */
export function fourierAdjustment(y: Float64Array, period: number): SeasonalAdjustment | undefined {
  const n = y.length;
  const w = Math.round(period);
  const half = Math.floor(w / 2);
  if (period < 2 || n < 1.5 * period) return undefined;
  const multiplicative = allPositive(y);
  // Detrend with a centred moving average one season long when it leaves a full season of values
  // (it loses half a season at each end); with 1.5–2 seasons of data, with a straight line instead.
  const movingAverage = n - 2 * half >= period;
  const offset = movingAverage ? half : 0;
  const count = movingAverage ? n - 2 * half : n;
  const detrended = new Float64Array(count);
  if (movingAverage) {
    const even = w % 2 === 0;
    // Prefix sums: the moving average costs O(n) whatever the season length.
    const prefix = new Float64Array(n + 1);
    for (let t = 0; t < n; t++) prefix[t + 1] = prefix[t]! + y[t]!;
    for (let t = half; t < n - half; t++) {
      const sum = prefix[t + half + 1]! - prefix[t - half]!;
      const trend = even ? (sum - 0.5 * y[t - half]! - 0.5 * y[t + half]!) / w : sum / w;
      detrended[t - half] = multiplicative ? (trend > 0 ? y[t]! / trend : 1) : y[t]! - trend;
    }
  } else {
    const { intercept, slope } = linearFit(y);
    for (let t = 0; t < n; t++) {
      const trend = intercept + slope * t;
      detrended[t] = multiplicative ? (trend > 0 ? y[t]! / trend : 1) : y[t]! - trend;
    }
  }
  const maxK = Math.min(10, Math.floor(period / 2));
  const target = new Float64Array(count);
  let mean = 0;
  for (let i = 0; i < count; i++) mean += detrended[i]!;
  mean /= count;
  for (let i = 0; i < count; i++) target[i] = detrended[i]! - mean;
  let sst = 0;
  for (let i = 0; i < count; i++) sst += target[i]! ** 2;
  const normal = fourierNormalEquations(target, offset, period, maxK);
  // A wandering level leaves autocorrelated remainders that make any harmonic look significant;
  // judge the fits on the effective sample size n(1−ρ)/(1+ρ) of the richest fit's remainder.
  const effective = effectiveSize(target, offset, period, normal);
  let bestK = 0;
  let bestCoefficients: Float64Array = new Float64Array(0);
  let bestAicc = aicc(sst, effective, 1);
  for (let k = 1; k <= maxK; k++) {
    const p = 2 * k;
    // The system for K harmonics is the leading 2K×2K block of the one for maxK.
    const a = new Float64Array(p * p);
    for (let r = 0; r < p; r++) for (let c = 0; c < p; c++) a[r * p + c] = normal.xtx[r * normal.p + c]!;
    const coefficients = solveSymmetric(a, normal.xty.subarray(0, p), p);
    if (!coefficients) break;
    let explained = 0;
    for (let j = 0; j < p; j++) explained += coefficients[j]! * normal.xty[j]!;
    const score = aicc((Math.max(sst - explained, 0) * effective) / count, effective, p + 1);
    if (score < bestAicc) {
      bestAicc = score;
      bestK = k;
      bestCoefficients = coefficients;
    }
  }
  if (bestK === 0) return undefined;
  const component = (t: number): number => {
    const value = fourierValue(bestCoefficients, bestK, t, period);
    return multiplicative ? 1 + value : value;
  };
  const fitted = new Float64Array(n);
  for (let t = 0; t < n; t++) fitted[t] = component(t);
  // A multiplicative factor must stay positive; a wild fit is no season at all.
  for (let t = 0; t < n; t++) if (multiplicative && !(fitted[t]! > 0.05)) return undefined;
  return {
    period,
    multiplicative,
    method: "fourier",
    harmonics: bestK,
    fitted,
    future(h) {
      const out = new Float64Array(h);
      for (let i = 0; i < h; i++) out[i] = component(n + i);
      return out;
    },
  };
}

/** Removes a seasonal component: y / s or y − s. */
export function applyAdjustment(y: Float64Array, adjustment: SeasonalAdjustment): Float64Array {
  const out = new Float64Array(y.length);
  for (let t = 0; t < y.length; t++) {
    const s = adjustment.fitted[t]!;
    out[t] = adjustment.multiplicative ? y[t]! / s : y[t]! - s;
  }
  return out;
}

/** Puts a seasonal component back onto forecasts in place: x · s or x + s. */
export function reseasonalize(values: Float64Array, season: Float64Array, multiplicative: boolean): void {
  for (let i = 0; i < values.length; i++) {
    values[i] = multiplicative ? values[i]! * season[i]! : values[i]! + season[i]!;
  }
}

function effectiveSize(
  target: Float64Array,
  offset: number,
  period: number,
  normal: { xtx: Float64Array; xty: Float64Array; p: number },
): number {
  const n = target.length;
  const coefficients = solveSymmetric(normal.xtx, normal.xty, normal.p);
  if (!coefficients) return n;
  const k = normal.p / 2;
  let previous = 0;
  let lagged = 0;
  let squares = 0;
  for (let i = 0; i < n; i++) {
    const residual = target[i]! - fourierValue(coefficients, k, i + offset, period);
    if (i > 0) lagged += residual * previous;
    squares += residual * residual;
    previous = residual;
  }
  const rho = squares > 0 ? Math.min(Math.max(lagged / squares, 0), 0.99) : 0;
  return Math.max((n * (1 - rho)) / (1 + rho), normal.p + 4);
}

/** Σ a_k·sin(2πkt/P) + b_k·cos(2πkt/P), harmonics by angle addition: two trig calls per point. */
function fourierValue(coefficients: Float64Array, k: number, t: number, period: number): number {
  const angle = (2 * Math.PI * t) / period;
  const s1 = Math.sin(angle);
  const c1 = Math.cos(angle);
  let sin = s1;
  let cos = c1;
  let value = 0;
  for (let j = 0; j < k; j++) {
    value += coefficients[2 * j]! * sin + coefficients[2 * j + 1]! * cos;
    const next = sin * c1 + cos * s1;
    cos = cos * c1 - sin * s1;
    sin = next;
  }
  return value;
}

function aicc(sse: number, n: number, k: number): number {
  const kk = k + 1;
  return n * Math.log(Math.max(sse, 1e-300) / n) + 2 * kk + (2 * kk * (kk + 1)) / Math.max(n - kk - 1, 1);
}

/**
 * X'X and X'y of the 2K sin/cos regressors, the basis built by angle-addition recurrences so the
 * cost is O(n·K²) with two trigonometric calls per observation.
 */
function fourierNormalEquations(
  target: Float64Array,
  offset: number,
  period: number,
  k: number,
): { xtx: Float64Array; xty: Float64Array; p: number } {
  const p = 2 * k;
  const xtx = new Float64Array(p * p);
  const xty = new Float64Array(p);
  const row = new Float64Array(p);
  for (let i = 0; i < target.length; i++) {
    const angle = (2 * Math.PI * (i + offset)) / period;
    const s1 = Math.sin(angle);
    const c1 = Math.cos(angle);
    let s = s1;
    let c = c1;
    for (let j = 0; j < k; j++) {
      row[2 * j] = s;
      row[2 * j + 1] = c;
      const nextS = s * c1 + c * s1;
      c = c * c1 - s * s1;
      s = nextS;
    }
    const value = target[i]!;
    for (let a = 0; a < p; a++) {
      const ra = row[a]!;
      xty[a]! += ra * value;
      for (let b = 0; b <= a; b++) xtx[a * p + b]! += ra * row[b]!;
    }
  }
  for (let a = 0; a < p; a++) for (let b = 0; b < a; b++) xtx[b * p + a] = xtx[a * p + b]!;
  return { xtx, xty, p };
}

function allPositive(y: Float64Array): boolean {
  for (let t = 0; t < y.length; t++) if (!(y[t]! > 0)) return false;
  return true;
}
