import { applyAdjustment, classicalAdjustment, reseasonalize } from "./deseason.js";
import { type Forecast, forecastFromVariance } from "./types.js";

/**
 * Naive (random walk): the last value, with √h-widening intervals from the one-step differences.
 *
 * @example naive(Float64Array.of(1, 2, 3), 2).mean // [3, 3]
 */
export function naive(y: Float64Array, h: number): Forecast {
  return seasonalNaive(y, h, 1, "Naive");
}

/**
 * Seasonal naive: each step repeats the value one season earlier; the variance grows with the
 * number of whole seasons ahead. Falls back to naive when the series is shorter than one season.
 */
export function seasonalNaive(y: Float64Array, h: number, period: number, method = "SNaive"): Forecast {
  const n = y.length;
  const m = n >= period && period >= 1 ? Math.round(period) : 1;
  const mean = new Float64Array(h);
  for (let i = 0; i < h; i++) mean[i] = y[n - m + (i % m)] ?? y[n - 1] ?? 0;
  let sum = 0;
  let count = 0;
  for (let t = m; t < n; t++) {
    sum += (y[t]! - y[t - m]!) ** 2;
    count++;
  }
  const sigma2 = count > 0 ? sum / count : 0;
  const variance = new Float64Array(h);
  for (let i = 0; i < h; i++) variance[i] = sigma2 * (Math.floor(i / m) + 1);
  return forecastFromVariance(method, mean, variance);
}

/**
 * Naive2, the M4 benchmark: naive on the series deseasonalised by classical multiplicative
 * decomposition when the organisers' seasonality test says it is seasonal at `period`, then
 * reseasonalised. With period 1 (as the organisers use for weekly data) it is naive.
 *
 * @example naive2(monthly, 18, 12).mean
 */
export function naive2(y: Float64Array, h: number, period = 1): Forecast {
  const adjustment = period > 1 ? classicalAdjustment(y, period) : undefined;
  if (!adjustment) return { ...naive(y, h), method: "Naive2" };
  const forecast = naive(applyAdjustment(y, adjustment), h);
  const future = adjustment.future(h);
  for (const key of ["mean", "lower80", "upper80", "lower95", "upper95"] as const) {
    reseasonalize(forecast[key], future, adjustment.multiplicative);
  }
  return { ...forecast, method: "Naive2" };
}
