import type { KpiName } from "@dai/demo-data";
import type { SeasonInfo } from "../forecast/auto.js";
import type { SeriesIssue } from "../forecast/clean.js";
import type { AiccRow } from "../forecast/ets-auto.js";

/** Forecast accuracy of one earlier forecast against what then happened. */
export interface DeviationWindow {
  /** Days compared (≤ the window; fewer when history is short). */
  days: number;
  /** Forecast origin: the last date the forecast knew. */
  origin: string | null;
  /** Mean absolute percentage error of the daily values, percent (null when undefined). */
  mape: number | null;
  /** Symmetric MAPE (M4 definition), percent. */
  smape: number | null;
  /** |Σ forecast − Σ actual| / |Σ actual| over the window, percent: the error of the period's total. */
  totalError: number | null;
  /** Absolute percentage error day by day (null where the actual is missing or zero): deviation over time. */
  daily: (number | null)[];
}

export interface Anomaly {
  date: string;
  actual: number;
  expected: number;
  lower95: number;
  upper95: number;
}

/** One KPI's current forecast, its provenance and its track record. */
export interface KpiTwin {
  kpi: KpiName;
  /** Final method, e.g. "Combination" or a fallback such as "Naive". */
  method: string;
  /** ETS model chosen by AICc, e.g. "ETS(M,Ad,A)". */
  etsModel: string | null;
  /** One sentence: what was chosen and why. */
  why: string;
  /** Methods averaged into the forecast. */
  components: string[];
  /** ETS models tried, best AICc first. */
  aiccTable: AiccRow[];
  seasonality: SeasonInfo[];
  /** Repairs and fallbacks on this series (empty when clean). */
  issues: SeriesIssue[];
  fallback: string | null;
  forecast: {
    dates: string[];
    mean: number[];
    lower80: number[];
    upper80: number[];
    lower95: number[];
    upper95: number[];
  };
  deviation: { last7: DeviationWindow; last28: DeviationWindow };
  /** Days of the last 28 whose actual fell outside the 95% interval of the earlier forecast. */
  anomalies: Anomaly[];
}

/** A dealer's digital twin: recent history, forecasts per KPI, deviation and anomalies. */
export interface DealerTwin {
  dealerId: string;
  /** Last day of data the twin knows. */
  asOf: string;
  updatedAt: string;
  horizonDays: number;
  history: { dates: string[]; values: Record<KpiName, (number | null)[]> };
  kpis: Record<KpiName, KpiTwin>;
  /** Behaviour embedding; null until the vector engine fills it. */
  embedding: number[] | null;
}
