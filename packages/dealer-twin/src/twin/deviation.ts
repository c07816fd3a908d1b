import { fromDayNumber } from "@dai/demo-data";
import type { Forecast } from "../forecast/types.js";
import type { Anomaly, DeviationWindow } from "./types.js";

const round = (value: number, digits = 3) => Number(value.toFixed(digits));

/** Largest percentage recorded: a near-zero actual must not turn an error into Infinity. */
export const MAX_PERCENT = 1e6;
// Ratios before scaling: 100·|e| alone can overflow near Number.MAX_VALUE.
const percent = (error: number, actual: number) => {
  const ratio = Math.abs(error) / Math.abs(actual);
  return Number.isNaN(ratio) ? MAX_PERCENT : Math.min(100 * ratio, MAX_PERCENT);
};

/**
 * MAPE, sMAPE and total error of an earlier forecast against the actuals that followed; days with
 * a missing actual are skipped, zero actuals are skipped for MAPE (undefined ratio), and each
 * percentage is capped at {@link MAX_PERCENT} so a near-zero actual cannot make it infinite.
 *
 * @example deviationWindow("2026-10-27", actualLast28, forecastMadeThen, 28).mape
 */
export function deviationWindow(
  origin: string | null,
  actual: ArrayLike<number>,
  forecast: ArrayLike<number>,
  days: number,
): DeviationWindow {
  // Sums of values near Number.MAX_VALUE overflow: add them in units of the largest magnitude.
  let scale = 0;
  for (let i = 0; i < days; i++) {
    const a = actual[i] ?? Number.NaN;
    const f = forecast[i] ?? Number.NaN;
    if (Number.isFinite(a) && Number.isFinite(f)) scale = Math.max(scale, Math.abs(a), Math.abs(f));
  }
  scale = scale || 1;
  let apeSum = 0;
  let apeCount = 0;
  let smapeSum = 0;
  let count = 0;
  let actualSum = 0;
  let forecastSum = 0;
  const daily: (number | null)[] = [];
  for (let i = 0; i < days; i++) {
    const a = actual[i] ?? Number.NaN;
    const f = forecast[i] ?? Number.NaN;
    if (!Number.isFinite(a) || !Number.isFinite(f)) {
      daily.push(null);
      continue;
    }
    count++;
    actualSum += a / scale;
    forecastSum += f / scale;
    const denominator = Math.abs(a / scale) + Math.abs(f / scale);
    smapeSum += denominator === 0 ? 0 : (200 * Math.abs(a / scale - f / scale)) / denominator;
    if (a !== 0) {
      const ape = percent(a / scale - f / scale, a / scale);
      apeSum += ape;
      apeCount++;
      daily.push(round(ape, 2));
    } else {
      daily.push(null);
    }
  }
  return {
    days: count,
    origin,
    mape: apeCount > 0 ? round(apeSum / apeCount) : null,
    smape: count > 0 ? round(smapeSum / count) : null,
    totalError: actualSum !== 0 ? round(percent(forecastSum - actualSum, actualSum)) : null,
    daily,
  };
}

/** Days in `values[start, start+count)` outside the 95% interval of `forecast` (step 0 = `start`). */
export function findAnomalies(
  values: Float64Array,
  forecast: Forecast,
  start: number,
  count: number,
  firstDay: number,
): Anomaly[] {
  const out: Anomaly[] = [];
  for (let i = 0; i < count; i++) {
    const actual = values[start + i] ?? Number.NaN;
    const lower = forecast.lower95[i] ?? Number.NaN;
    const upper = forecast.upper95[i] ?? Number.NaN;
    if (!Number.isFinite(actual) || (actual >= lower && actual <= upper)) continue;
    out.push({
      date: fromDayNumber(firstDay + start + i),
      actual,
      expected: round(forecast.mean[i] ?? Number.NaN),
      lower95: round(lower),
      upper95: round(upper),
    });
  }
  return out;
}
