import { fromDayNumber, KPI_NAMES, type KpiName, type KpiRow, toDayNumber } from "@dai/demo-data";
import { type ForecastOptions, forecastSeries, type SeriesForecast } from "../forecast/auto.js";
import { deviationWindow, findAnomalies } from "./deviation.js";
import type { Anomaly, DealerTwin, KpiTwin } from "./types.js";

/** Physical range of each KPI: forecasts and intervals never leave it. */
export const KPI_BOUNDS: Record<KpiName, { lower?: number; upper?: number }> = {
  aiVisibility: { lower: 0, upper: 100 },
  leads: { lower: 0 },
  webSessions: { lower: 0 },
  reviewRating: { lower: 1, upper: 5 },
  sentiment: { lower: 0, upper: 1 },
};

// Four decimals keep every KPI's precision (ratings, sentiment) without 17-digit noise in the files.
const round = (value: number) => (Math.abs(value) < 1e12 ? Math.round(value * 1e4) / 1e4 : value);

/** Daily KPIs repeat weekly and yearly. */
export const DAILY_PERIODS = [7, 365.25] as const;

export interface BuildTwinOptions {
  /** Forecast horizon in days (the manifest's `systems.dealerTwin.forecastHorizonDays`). */
  horizonDays: number;
  /** Days of history kept in the twin for charts; default 90. */
  historyDays?: number;
  /** When the twin is built (ISO); default now. */
  now?: string;
  /** Fit on at most this many most recent days; default 730. */
  maxLength?: number;
}

/**
 * Builds one dealer's twin from its daily KPI rows (any order; missing days become gaps that the
 * forecaster interpolates). Pure apart from reading the clock when `now` is not given.
 *
 * @example buildDealerTwin(rowsOfOneDealer, { horizonDays: 28 }).kpis.webSessions.forecast.mean
 */
export function buildDealerTwin(rows: readonly KpiRow[], options: BuildTwinOptions): DealerTwin {
  const dealerId = rows[0]?.dealerId;
  if (dealerId === undefined) throw new Error("buildDealerTwin: no rows");
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const row of rows) {
    const day = toDayNumber(row.date);
    if (!Number.isFinite(day)) continue;
    if (day < first) first = day;
    if (day > last) last = day;
  }
  if (!Number.isFinite(first)) throw new Error(`dealer ${dealerId}: no row has a valid date`);
  const n = last - first + 1;
  const series = {} as Record<KpiName, Float64Array>;
  for (const kpi of KPI_NAMES) series[kpi] = new Float64Array(n).fill(Number.NaN);
  for (const row of rows) {
    const index = toDayNumber(row.date) - first;
    if (!(index >= 0 && index < n)) continue;
    for (const kpi of KPI_NAMES) {
      const value = row[kpi];
      series[kpi][index] = typeof value === "number" && Number.isFinite(value) ? value : Number.NaN;
    }
  }
  const h = options.horizonDays;
  const historyDays = Math.min(options.historyDays ?? 90, n);
  const historyDates: string[] = [];
  for (let day = last - historyDays + 1; day <= last; day++) historyDates.push(fromDayNumber(day));
  const history = { dates: historyDates, values: {} as Record<KpiName, (number | null)[]> };
  const kpis = {} as Record<KpiName, KpiTwin>;
  for (const kpi of KPI_NAMES) {
    const values = series[kpi];
    history.values[kpi] = Array.from(values.subarray(n - historyDays), (v) =>
      Number.isFinite(v) ? v : null,
    );
    kpis[kpi] = buildKpiTwin(kpi, values, last, h, options.maxLength ?? 730);
  }
  return {
    dealerId,
    asOf: fromDayNumber(last),
    updatedAt: options.now ?? new Date().toISOString(),
    horizonDays: h,
    history,
    kpis,
    embedding: null,
  };
}

function buildKpiTwin(
  kpi: KpiName,
  values: Float64Array,
  lastDay: number,
  h: number,
  maxLength: number,
): KpiTwin {
  const options: ForecastOptions = { h, periods: DAILY_PERIODS, maxLength, ...KPI_BOUNDS[kpi] };
  const current = forecastSeries(values, options);
  const n = values.length;
  // Backtests: what the same method said 28 and 7 days ago, against what then happened.
  const anomalies: Anomaly[] = [];
  const backtest = (days: number) => {
    const window = Math.min(days, n - 1);
    if (window < 1) return { window: deviationWindow(null, values, values, 0), forecast: undefined };
    const earlier = forecastSeries(values.subarray(0, n - window), { ...options, h: window });
    const origin = fromDayNumber(lastDay - window);
    return {
      window: deviationWindow(origin, values.subarray(n - window), earlier.forecast.mean, window),
      forecast: earlier,
    };
  };
  const last28 = backtest(28);
  const last7 = backtest(7);
  const from28 = Math.min(28, n - 1);
  const from7 = Math.min(7, n - 1);
  if (last28.forecast && from28 > from7) {
    anomalies.push(
      ...findAnomalies(values, last28.forecast.forecast, n - from28, from28 - from7, lastDay - n + 1),
    );
  }
  if (last7.forecast)
    anomalies.push(...findAnomalies(values, last7.forecast.forecast, n - from7, from7, lastDay - n + 1));
  const dates: string[] = [];
  for (let i = 1; i <= h; i++) dates.push(fromDayNumber(lastDay + i));
  const f = current.forecast;
  return {
    kpi,
    method: current.fallback ? f.method : current.components.length > 1 ? "Combination" : f.method,
    etsModel: current.etsModel ?? null,
    why: explain(current),
    components: current.components,
    aiccTable: current.aiccTable.map((row) => ({
      ...row,
      aicc: round(row.aicc),
      aic: round(row.aic),
      logLik: round(row.logLik),
    })),
    seasonality: current.seasonality,
    issues: current.issues,
    fallback: current.fallback ?? null,
    forecast: {
      dates,
      mean: Array.from(f.mean, round),
      lower80: Array.from(f.lower80, round),
      upper80: Array.from(f.upper80, round),
      lower95: Array.from(f.lower95, round),
      upper95: Array.from(f.upper95, round),
    },
    deviation: { last7: last7.window, last28: last28.window },
    anomalies,
  };
}

/** A sentence for the dashboard: the winner, its margin over the runner-up, and the combination. */
export function explain(result: SeriesForecast): string {
  if (result.fallback) return `Fallback: ${result.fallback}.`;
  const [best, second] = result.aiccTable;
  const parts: string[] = [];
  if (best) {
    const margin = second ? `, ${(second.aicc - best.aicc).toFixed(1)} below ${second.model}` : "";
    parts.push(
      `${best.model} has the lowest AICc of ${result.aiccTable.length} ETS models (${best.aicc.toFixed(1)}${margin})`,
    );
  }
  if (result.components.length > 1) parts.push(`forecast = mean of ${result.components.join(", ")}`);
  const seasons = result.seasonality.map(
    (s) => `${s.period} (${s.method}${s.harmonics ? `, K=${s.harmonics}` : ""})`,
  );
  if (seasons.length > 0) parts.push(`seasonality: ${seasons.join(", ")}`);
  return `${parts.join("; ")}.`;
}
