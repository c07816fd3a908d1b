/**
 * sMAPE in percent as the M4 organisers define it: mean of 200·|y − ŷ| / (|y| + |ŷ|); a step with
 * y = ŷ = 0 counts as 0.
 *
 * @example smape([100], [110]) // 9.52…
 */
export function smape(actual: ArrayLike<number>, forecast: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i]!;
    const f = forecast[i]!;
    const denominator = Math.abs(a) + Math.abs(f);
    sum += denominator === 0 ? 0 : (200 * Math.abs(a - f)) / denominator;
  }
  return sum / actual.length;
}

/**
 * MAPE in percent: mean of 100·|y − ŷ| / |y| over steps with y ≠ 0 (zero actuals are skipped, as
 * the ratio is undefined there); NaN when every actual is 0.
 */
export function mape(actual: ArrayLike<number>, forecast: ArrayLike<number>): number {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i]!;
    if (a === 0) continue;
    sum += (100 * Math.abs(a - forecast[i]!)) / Math.abs(a);
    count++;
  }
  return count === 0 ? Number.NaN : sum / count;
}

/**
 * MASE: mean absolute error over the horizon divided by the in-sample mean absolute seasonal
 * difference at lag m (m = 1 for M4 Weekly).
 *
 * @example mase(insample, actual, forecast, 1)
 */
export function mase(
  insample: ArrayLike<number>,
  actual: ArrayLike<number>,
  forecast: ArrayLike<number>,
  m = 1,
): number {
  let scale = 0;
  for (let t = m; t < insample.length; t++) scale += Math.abs(insample[t]! - insample[t - m]!);
  scale /= insample.length - m;
  let error = 0;
  for (let i = 0; i < actual.length; i++) error += Math.abs(actual[i]! - forecast[i]!);
  return error / actual.length / scale;
}

/**
 * Overall Weighted Average of the M4 competition: the mean of sMAPE and MASE each relative to
 * Naive2's.
 *
 * @example owa(8.7, 2.5, 9.161, 2.777) // 0.925…
 */
export function owa(smapeValue: number, maseValue: number, smapeNaive2: number, maseNaive2: number): number {
  return 0.5 * (smapeValue / smapeNaive2 + maseValue / maseNaive2);
}
