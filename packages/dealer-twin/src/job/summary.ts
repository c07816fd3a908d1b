import { KPI_NAMES, type KpiName } from "@dai/demo-data";
import type { DealerTwin, DeviationWindow } from "../twin/types.js";

export interface KpiDeviation {
  /** Dealers with a defined value. */
  dealers: number;
  mape7: number | null;
  smape7: number | null;
  mape28: number | null;
  smape28: number | null;
  totalError28: number | null;
}

export interface DeviationSummary {
  platform: {
    metric: "forecast-deviation";
    /** Percent; null when no dealer has 28 days to compare. */
    value: number | null;
    target: number | null;
    meetsTarget: boolean | null;
    definition: string;
  };
  byKpi: Record<KpiName, KpiDeviation>;
}

/** Cap of one series' error in the platform mean, percent. */
export const MAX_SERIES_ERROR = 200;

/** The dashboard's definition of the platform metric, recorded with every run. */
export const PLATFORM_DEVIATION_DEFINITION =
  "mean over dealers and the five KPIs of |Σforecast − Σactual| / Σactual (percent, each capped at 200) " +
  "over the last 28 days, for the forecast the twin issued 28 days earlier";

/**
 * Deviation of the dealers' earlier forecasts: per KPI (daily MAPE and sMAPE over 7 and 28 days,
 * error of the 28-day total) and the platform metric compared with the manifest target.
 *
 * @example summarizeDeviation(twins, 5).platform.value
 */
export function summarizeDeviation(twins: readonly DealerTwin[], target?: number): DeviationSummary {
  const byKpi = {} as Record<KpiName, KpiDeviation>;
  const platformValues: number[] = [];
  for (const kpi of KPI_NAMES) {
    const pick = (
      window: "last7" | "last28",
      field: keyof Pick<DeviationWindow, "mape" | "smape" | "totalError">,
    ) => mean(twins.map((t) => t.kpis[kpi]?.deviation[window][field] ?? null));
    const totals = twins.map((t) => t.kpis[kpi]?.deviation.last28.totalError ?? null);
    // One corrupted series (a 1e300 spike) must not swamp the platform figure: cap each at 200%.
    for (const v of totals)
      if (v !== null && Number.isFinite(v)) platformValues.push(Math.min(v, MAX_SERIES_ERROR));
    byKpi[kpi] = {
      dealers: totals.filter((v) => v !== null).length,
      mape7: pick("last7", "mape"),
      smape7: pick("last7", "smape"),
      mape28: pick("last28", "mape"),
      smape28: pick("last28", "smape"),
      totalError28: mean(totals),
    };
  }
  const value = mean(platformValues);
  return {
    platform: {
      metric: "forecast-deviation",
      value,
      target: target ?? null,
      meetsTarget: value === null || target === undefined ? null : value < target,
      definition: PLATFORM_DEVIATION_DEFINITION,
    },
    byKpi,
  };
}

function mean(values: readonly (number | null)[]): number | null {
  let sum = 0;
  let count = 0;
  for (const v of values) {
    if (v === null || !Number.isFinite(v)) continue;
    sum += v;
    count++;
  }
  return count === 0 ? null : Number((sum / count).toFixed(3));
}
