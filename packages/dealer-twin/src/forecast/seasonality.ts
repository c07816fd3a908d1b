/**
 * Sample autocorrelations at lags 1…maxLag (R's `acf()`: biased denominator), into a fresh array
 * indexed by lag (index 0 is 1).
 */
export function acf(y: ArrayLike<number>, maxLag: number): Float64Array {
  const n = y.length;
  let mean = 0;
  for (let t = 0; t < n; t++) mean += y[t]!;
  mean /= n;
  let denominator = 0;
  for (let t = 0; t < n; t++) denominator += (y[t]! - mean) ** 2;
  const out = new Float64Array(maxLag + 1);
  out[0] = 1;
  if (denominator === 0) return out;
  for (let lag = 1; lag <= maxLag && lag < n; lag++) {
    let sum = 0;
    for (let t = lag; t < n; t++) sum += (y[t]! - mean) * (y[t - lag]! - mean);
    out[lag] = sum / denominator;
  }
  return out;
}

/**
 * The M4 organisers' seasonality test: the autocorrelation at lag m must exceed the 90% limit
 * 1.645·√((1 + 2·Σ_{k<m} r_k²)/n). Needs at least three seasons of data.
 *
 * @example isSeasonal(weeklyPatternedDailySeries, 7) // true
 */
export function isSeasonal(y: ArrayLike<number>, m: number): boolean {
  const lag = Math.round(m);
  if (lag < 2 || y.length < 3 * m) return false;
  const r = acf(y, lag);
  let sum = 1;
  for (let k = 1; k < lag; k++) sum += 2 * r[k]! ** 2;
  const limit = (1.645 / Math.sqrt(y.length)) * Math.sqrt(sum);
  return Math.abs(r[lag]!) > limit;
}

/**
 * Classical decomposition's seasonal figure (R's `decompose()`): detrend with a centred moving
 * average of order m, average per season position, normalise to mean 1 (multiplicative) or 0.
 * `out[t mod m]` is the seasonal component of time t. Needs at least 2m observations.
 */
export function seasonalIndices(
  y: ArrayLike<number>,
  m: number,
  multiplicative: boolean,
  out: Float64Array = new Float64Array(m),
): Float64Array {
  const n = y.length;
  const sums = new Float64Array(m);
  const counts = new Float64Array(m);
  const half = Math.floor(m / 2);
  const even = m % 2 === 0;
  for (let t = half; t < n - half; t++) {
    let trend = 0;
    if (even) {
      for (let j = -half; j <= half; j++) trend += (j === -half || j === half ? 0.5 : 1) * y[t + j]!;
    } else {
      for (let j = -half; j <= half; j++) trend += y[t + j]!;
    }
    trend /= m;
    const value = multiplicative ? (trend === 0 ? 1 : y[t]! / trend) : y[t]! - trend;
    sums[t % m]! += value;
    counts[t % m]! += 1;
  }
  let mean = 0;
  for (let i = 0; i < m; i++) {
    out[i] = counts[i]! > 0 ? sums[i]! / counts[i]! : multiplicative ? 1 : 0;
    mean += out[i]!;
  }
  mean /= m;
  for (let i = 0; i < m; i++) {
    if (multiplicative) out[i] = mean > 0 ? out[i]! / mean : 1;
    else out[i]! -= mean;
  }
  return out;
}
