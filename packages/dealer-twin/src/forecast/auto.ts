import { naive, seasonalNaive } from "./baselines.js";
import { type CleanSeries, cleanSeries, type SeriesIssue } from "./clean.js";
import {
  applyAdjustment,
  classicalAdjustment,
  fourierAdjustment,
  reseasonalize,
  type SeasonalAdjustment,
} from "./deseason.js";
import { type AiccRow, autoEts, etsForecast, MAX_ETS_PERIOD } from "./ets-auto.js";
import { etsName } from "./ets-core.js";
import type { EtsModel } from "./ets-fit.js";
import { theta } from "./theta.js";
import { emptyForecast, type Forecast } from "./types.js";

export interface ForecastOptions {
  /** Steps ahead. */
  h: number;
  /**
   * Seasonal periods of the data, e.g. [7, 365.25] for daily, [365.25 / 7] for weekly, [12] for
   * monthly. Integer periods ≤ 24 live inside ETS; longer or fractional ones are removed first with
   * Fourier terms when the data shows them.
   */
  periods?: readonly number[];
  /** "combination" (default): mean of auto-ETS, damped ETS and Theta; or one method alone. */
  method?: "combination" | "ets" | "damped" | "theta";
  /** Fit on at most the last `maxLength` observations (speed; older history rarely helps). */
  maxLength?: number;
  /** Physical bounds of the quantity (e.g. 0 for counts): forecasts and intervals are clipped. */
  lower?: number;
  upper?: number;
}

export interface SeasonInfo {
  period: number;
  method: "ets-state" | "classical" | "fourier";
  harmonics: number;
}

/** A forecast with its provenance: which model won, the AICc table, repairs and fallbacks. */
export interface SeriesForecast {
  forecast: Forecast;
  /** The ETS model chosen by AICc, e.g. "ETS(M,Ad,N)" (undefined on a fallback). */
  etsModel?: string;
  /** Every ETS model tried, best first. */
  aiccTable: AiccRow[];
  /** Methods averaged into the final forecast. */
  components: string[];
  seasonality: SeasonInfo[];
  /** Repairs made to the input and fallbacks taken; empty for a clean series. */
  issues: SeriesIssue[];
  /** Set when a simple method replaced the model, with the reason. */
  fallback?: string;
}

const MIN_LENGTH = 8;

/**
 * Forecasts one series: cleans it, removes long seasons, selects ETS by AICc, fits damped ETS and
 * Theta, and averages them (forecast combination is the most reliable gain in the M competitions).
 * Never throws on bad data and never returns a non-finite value: too-short, constant or
 * unfittable series get a documented fallback listed in `issues`.
 *
 * @example forecastSeries(daily, { h: 28, periods: [7, 365.25], lower: 0 }).forecast.mean
 */
export function forecastSeries(
  raw: ArrayLike<number | null | undefined>,
  options: ForecastOptions,
): SeriesForecast {
  const h = Math.max(1, Math.floor(options.h));
  const cleaned = cleanSeries(raw);
  const issues = [...cleaned.issues];
  let y = cleaned.values;
  if (options.maxLength !== undefined && y.length > options.maxLength)
    y = y.subarray(y.length - options.maxLength);
  if (y.length === 0)
    return fallback(constantForecast(0, h), issues, "no finite observations: forecasting 0");
  // Normalise by the largest magnitude so enormous or tiny units never overflow a variance.
  let scale = 0;
  let allEqual = true;
  let nonPositive = false;
  for (let t = 0; t < y.length; t++) {
    scale = Math.max(scale, Math.abs(y[t]!));
    if (y[t] !== y[0]) allEqual = false;
    if (!(y[t]! > 0)) nonPositive = true;
  }
  if (allEqual) {
    issues.push("constant");
    return finish(fallback(constantForecast(y[0]!, h), issues, "constant series: flat forecast"), options);
  }
  if (scale > 1e12 || scale < 1e-12) issues.push("rescaled-enormous-values");
  if (nonPositive) issues.push("non-positive-values");
  const z = new Float64Array(y.length);
  for (let t = 0; t < y.length; t++) z[t] = y[t]! / scale;
  const result = y.length < MIN_LENGTH ? undefined : modelForecast(z, h, options);
  if (!result) {
    issues.push(y.length < MIN_LENGTH ? "too-short" : "model-failed");
    const period = shortPeriod(options.periods);
    let simple = period > 1 && z.length >= 2 * period ? seasonalNaive(z, h, period) : naive(z, h);
    scaleForecast(simple, scale);
    if (!isFiniteForecast(simple)) simple = constantForecast(y[y.length - 1]!, h);
    const reason =
      y.length < MIN_LENGTH
        ? `${y.length} observations (< ${MIN_LENGTH}): ${simple.method}`
        : `no ETS model could be fitted: ${simple.method}`;
    return finish(fallback(simple, issues, reason), options);
  }
  scaleForecast(result.forecast, scale);
  if (!isFiniteForecast(result.forecast)) {
    issues.push("model-failed");
    const simple = naive(z, h);
    scaleForecast(simple, scale);
    if (isFiniteForecast(simple)) {
      return finish(fallback(simple, issues, "model produced non-finite values: Naive"), options);
    }
    // Values near Number.MAX_VALUE: even naive intervals overflow, so the last value is all we keep.
    return finish(
      fallback(constantForecast(y[y.length - 1]!, h), issues, "non-finite intervals: flat forecast"),
      options,
    );
  }
  result.issues = issues;
  return finish(result, options);
}

function modelForecast(z: Float64Array, h: number, options: ForecastOptions): SeriesForecast | undefined {
  const periods = options.periods ?? [];
  const seasonality: SeasonInfo[] = [];
  const adjustments: SeasonalAdjustment[] = [];
  let x = z;
  for (const period of [...periods].sort((a, b) => b - a)) {
    if (Number.isInteger(period) && period <= MAX_ETS_PERIOD) continue;
    const adjustment = fourierAdjustment(x, period);
    if (!adjustment) continue;
    adjustments.push(adjustment);
    seasonality.push({ period, method: "fourier", harmonics: adjustment.harmonics });
    x = applyAdjustment(x, adjustment);
  }
  const m = shortPeriod(periods);
  const method = options.method ?? "combination";
  const components: Forecast[] = [];
  let ses: EtsModel | undefined;
  let etsModel: string | undefined;
  let aiccTable: AiccRow[] = [];
  if (method !== "theta") {
    const trends = method === "damped" ? (["Ad"] as const) : undefined;
    const auto = autoEts(x, trends ? { period: m, trends } : { period: m });
    if (auto) {
      etsModel = etsName(auto.model.spec);
      ses = auto.fits.get("ETS(A,N,N)");
      aiccTable = auto.table;
      if (auto.model.spec.season !== "N") seasonality.push({ period: m, method: "ets-state", harmonics: 0 });
      components.push(etsForecast(auto.model, h));
      if (method === "combination" && auto.damped) {
        components.push({ ...etsForecast(auto.damped, h), method: `damped ${etsName(auto.damped.spec)}` });
      }
    }
  }
  if (method === "theta" || method === "combination") {
    const seasonal = m > 1 ? classicalAdjustment(x, m) : undefined;
    const input = seasonal ? applyAdjustment(x, seasonal) : x;
    const thetaForecast = theta(input, h, seasonal ? undefined : ses);
    if (thetaForecast) {
      if (seasonal) {
        const future = seasonal.future(h);
        for (const key of BOUNDS) reseasonalize(thetaForecast[key], future, seasonal.multiplicative);
        if (!seasonality.some((s) => s.period === m))
          seasonality.push({ period: m, method: "classical", harmonics: 0 });
      }
      components.push(thetaForecast);
    }
  }
  if (components.length === 0) return undefined;
  const forecast = components.length === 1 ? components[0]! : average(components, h);
  for (const adjustment of adjustments.reverse()) {
    const future = adjustment.future(h);
    for (const key of BOUNDS) reseasonalize(forecast[key], future, adjustment.multiplicative);
  }
  return {
    forecast,
    ...(etsModel === undefined ? {} : { etsModel }),
    aiccTable,
    components: components.map((c) => c.method),
    seasonality,
    issues: [],
  };
}

const BOUNDS = ["mean", "lower80", "upper80", "lower95", "upper95"] as const;

/** Equal-weight mean of point forecasts and of each interval bound (quantile averaging). */
function average(components: Forecast[], h: number): Forecast {
  const out = emptyForecast("Combination", h);
  for (const key of BOUNDS) {
    const target = out[key];
    for (const component of components) for (let i = 0; i < h; i++) target[i]! += component[key][i]!;
    for (let i = 0; i < h; i++) target[i]! /= components.length;
  }
  return out;
}

function shortPeriod(periods: readonly number[] | undefined): number {
  let m = 1;
  for (const p of periods ?? []) if (Number.isInteger(p) && p <= MAX_ETS_PERIOD && p > m) m = p;
  return m;
}

function constantForecast(value: number, h: number): Forecast {
  const forecast = emptyForecast("Constant", h);
  for (const key of BOUNDS) forecast[key].fill(value);
  return forecast;
}

function scaleForecast(forecast: Forecast, scale: number): void {
  for (const key of BOUNDS) for (let i = 0; i < forecast[key].length; i++) forecast[key][i]! *= scale;
}

function isFiniteForecast(forecast: Forecast): boolean {
  for (const key of BOUNDS)
    for (let i = 0; i < forecast[key].length; i++) if (!Number.isFinite(forecast[key][i]!)) return false;
  return true;
}

function fallback(forecast: Forecast, issues: SeriesIssue[], reason: string): SeriesForecast {
  return {
    forecast,
    aiccTable: [],
    components: [forecast.method],
    seasonality: [],
    issues,
    fallback: reason,
  };
}

function finish(result: SeriesForecast, options: ForecastOptions): SeriesForecast {
  const { lower, upper } = options;
  if (lower === undefined && upper === undefined) return result;
  for (const key of BOUNDS) {
    const values = result.forecast[key];
    for (let i = 0; i < values.length; i++) {
      if (lower !== undefined && values[i]! < lower) values[i] = lower;
      if (upper !== undefined && values[i]! > upper) values[i] = upper;
    }
  }
  return result;
}

export type { CleanSeries };
