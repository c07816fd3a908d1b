/** Error, trend and season components of an ETS model (Hyndman et al. 2008 taxonomy). */
export type ErrorType = "A" | "M";
export type TrendType = "N" | "A" | "Ad";
export type SeasonType = "N" | "A" | "M";

export interface EtsSpec {
  error: ErrorType;
  trend: TrendType;
  season: SeasonType;
  /** Seasonal period (1 when `season` is "N"). */
  period: number;
}

/** Smoothing parameters in error-correction form, as R's `forecast::ets()` reports them. */
export interface EtsParams {
  alpha: number;
  beta: number;
  gamma: number;
  phi: number;
}

/** The model's name in R's notation: "ETS(M,Ad,N)". */
export function etsName(spec: Pick<EtsSpec, "error" | "trend" | "season">): string {
  return `ETS(${spec.error},${spec.trend},${spec.season})`;
}

/**
 * Runs the ETS recursion over `y[0..n)` from the initial states and returns R's `-2·log L` up to a
 * constant: `n·log(Σe²)` plus `2·Σlog|ŷ|` for multiplicative errors. The states `level`, `trend`
 * and the seasonal ring `season` (index t mod m is the season of time t) are updated in place, so
 * after the call they hold the final states. `residuals`, when given, receives e_t (relative for
 * multiplicative errors). Infeasible paths (non-positive level or forecast in a multiplicative
 * model) return +Infinity, which steers the optimiser away.
 */
export function etsRecursion(
  y: Float64Array,
  n: number,
  spec: EtsSpec,
  p: EtsParams,
  state: { level: number; trend: number },
  season: Float64Array,
  residuals?: Float64Array,
): number {
  if (spec.season === "N" && !residuals) return nonSeasonalLoss(y, n, spec, p, state);
  const { alpha, beta, gamma, phi } = p;
  const hasTrend = spec.trend !== "N";
  const damp = spec.trend === "Ad" ? phi : 1;
  const seasonType = spec.season;
  const m = seasonType === "N" ? 1 : spec.period;
  const multError = spec.error === "M";
  const multSeason = seasonType === "M";
  const needsPositive = multError || multSeason;
  const betaRatio = hasTrend ? beta / alpha : 0;
  let l = state.level;
  let b = hasTrend ? state.trend : 0;
  let sse = 0;
  let sumLog = 0;
  // Σlog ŷ as the log of a running product, flushed before it can overflow: one Math.log per block.
  let product = 1;
  let si = 0;
  for (let t = 0; t < n; t++) {
    const phib = damp * b;
    const q = l + phib;
    let s = 0;
    let yhat = q;
    if (seasonType !== "N") {
      s = season[si]!;
      yhat = multSeason ? q * s : q + s;
    }
    const yt = y[t]!;
    if (needsPositive && (yhat <= 0 || l <= 0)) return Number.POSITIVE_INFINITY;
    let e: number;
    if (multError) {
      e = (yt - yhat) / yhat;
      product *= yhat;
      if (product > 1e100 || product < 1e-100) {
        sumLog += Math.log(product);
        product = 1;
      }
    } else e = yt - yhat;
    if (residuals) residuals[t] = e;
    sse += e * e;
    const deseason = seasonType === "N" ? yt : multSeason ? yt / s : yt - s;
    const newLevel = q + alpha * (deseason - q);
    if (hasTrend) b = phib + betaRatio * (newLevel - l - phib);
    if (seasonType !== "N") {
      const detrended = multSeason ? yt / q : yt - q;
      season[si] = s + gamma * (detrended - s);
      si = si + 1 === m ? 0 : si + 1;
    }
    l = newLevel;
  }
  state.level = l;
  state.trend = b;
  if (multError) sumLog += Math.log(product);
  if (!Number.isFinite(sse) || !Number.isFinite(sumLog)) return Number.POSITIVE_INFINITY;
  // A perfect fit would give -Infinity; a floor keeps the criterion finite and comparable.
  return n * Math.log(Math.max(sse, 1e-300)) + 2 * sumLog;
}

/**
 * The non-seasonal recursion without branches on the season inside the loop: it carries most
 * optimiser evaluations, so it is kept tight.
 */
function nonSeasonalLoss(
  y: Float64Array,
  n: number,
  spec: EtsSpec,
  p: EtsParams,
  state: { level: number; trend: number },
): number {
  const alpha = p.alpha;
  const hasTrend = spec.trend !== "N";
  const damp = spec.trend === "Ad" ? p.phi : 1;
  const betaRatio = hasTrend ? p.beta / alpha : 0;
  let l = state.level;
  let b = hasTrend ? state.trend : 0;
  let sse = 0;
  if (spec.error === "A") {
    for (let t = 0; t < n; t++) {
      const phib = damp * b;
      const q = l + phib;
      const e = y[t]! - q;
      sse += e * e;
      const newLevel = q + alpha * e;
      b = phib + betaRatio * (newLevel - l - phib);
      l = newLevel;
    }
    state.level = l;
    state.trend = b;
    return Number.isFinite(sse) ? n * Math.log(Math.max(sse, 1e-300)) : Number.POSITIVE_INFINITY;
  }
  let sumLog = 0;
  let product = 1;
  for (let t = 0; t < n; t++) {
    const phib = damp * b;
    const q = l + phib;
    if (q <= 0 || l <= 0) return Number.POSITIVE_INFINITY;
    const yt = y[t]!;
    const e = (yt - q) / q;
    sse += e * e;
    product *= q;
    if (product > 1e100 || product < 1e-100) {
      sumLog += Math.log(product);
      product = 1;
    }
    const newLevel = q + alpha * (yt - q);
    b = phib + betaRatio * (newLevel - l - phib);
    l = newLevel;
  }
  state.level = l;
  state.trend = b;
  sumLog += Math.log(product);
  if (!Number.isFinite(sse) || !Number.isFinite(sumLog)) return Number.POSITIVE_INFINITY;
  return n * Math.log(Math.max(sse, 1e-300)) + 2 * sumLog;
}

/**
 * Point forecasts h = 1…H from final states (the seasonal ring is read from position `n mod m`),
 * written into `out`.
 */
export function etsPointForecast(
  spec: EtsSpec,
  p: EtsParams,
  level: number,
  trend: number,
  season: Float64Array,
  n: number,
  out: Float64Array,
): void {
  const m = spec.season === "N" ? 1 : spec.period;
  let cumulative = 0;
  let power = 1;
  for (let h = 1; h <= out.length; h++) {
    if (spec.trend === "A") cumulative = h;
    else if (spec.trend === "Ad") {
      power *= p.phi;
      cumulative += power;
    }
    const q = level + cumulative * trend;
    if (spec.season === "N") out[h - 1] = q;
    else {
      const s = season[(n + h - 1) % m]!;
      out[h - 1] = spec.season === "M" ? q * s : q + s;
    }
  }
}

/**
 * Forecast variance per step (Hyndman et al. 2008, ch. 6): exact for the linear class (additive
 * error, trend and season) and for multiplicative error with additive components; for a
 * multiplicative season the non-seasonal variance is scaled by the seasonal factor², a close
 * approximation whenever σ is small.
 */
export function etsForecastVariance(
  spec: EtsSpec,
  p: EtsParams,
  sigma2: number,
  mean: Float64Array,
  season: Float64Array,
  n: number,
  out: Float64Array,
): void {
  const H = out.length;
  const m = spec.season === "N" ? 1 : spec.period;
  const c = new Float64Array(H);
  let phiSum = 0;
  let power = 1;
  for (let j = 1; j < H; j++) {
    power *= spec.trend === "Ad" ? p.phi : 1;
    phiSum += spec.trend === "N" ? 0 : power;
    let cj = p.alpha + p.beta * phiSum;
    if (spec.season !== "N" && j % m === 0) cj += p.gamma;
    c[j] = cj;
  }
  if (spec.error === "A") {
    let acc = 1;
    for (let h = 1; h <= H; h++) {
      if (h > 1) acc += c[h - 1]! ** 2;
      out[h - 1] = sigma2 * acc;
    }
    return;
  }
  // Multiplicative error: θ_h = μ_h² + σ² Σ c_j² θ_{h−j}, v_h = (1+σ²)θ_h − μ_h², on the non-seasonal mean.
  const mu = new Float64Array(H);
  for (let h = 0; h < H; h++) {
    const s = spec.season === "M" ? season[(n + h) % m]! : 0;
    mu[h] = spec.season === "M" ? mean[h]! / s : mean[h]!;
  }
  const theta = new Float64Array(H);
  for (let h = 0; h < H; h++) {
    let sum = 0;
    for (let j = 1; j <= h; j++) sum += c[j]! ** 2 * theta[h - j]!;
    theta[h] = mu[h]! ** 2 + sigma2 * sum;
    const v = (1 + sigma2) * theta[h]! - mu[h]! ** 2;
    const s = spec.season === "M" ? season[(n + h) % m]! : 1;
    out[h] = v * s * s;
  }
}
