import { KPI_NAMES, type KpiName } from "@dai/demo-data";
import { MAX_SERIES_ERROR, summarizeDeviation } from "../job/summary.js";
import type { Anomaly, DealerTwin } from "./types.js";

/** Quantiles of the dealers' forecast deviation, percent. */
export interface DeviationDistribution {
  dealers: number;
  min: number | null;
  p10: number | null;
  p25: number | null;
  median: number | null;
  p75: number | null;
  p90: number | null;
  max: number | null;
  /** Dealers whose own deviation meets the target. */
  meetingTarget: number;
}

/** What `GET /api/dealer-twin` needs: the platform figure, its spread over dealers, recent anomalies. */
export interface TwinsSummary {
  dealers: number;
  asOf: string | null;
  platform: ReturnType<typeof summarizeDeviation>["platform"];
  byKpi: ReturnType<typeof summarizeDeviation>["byKpi"];
  distribution: DeviationDistribution;
  anomalies: {
    total: number;
    byKpi: Record<KpiName, number>;
    latest: (Anomaly & { dealerId: string; kpi: KpiName })[];
  };
}

/**
 * One dealer's deviation on the platform definition: the mean over its KPIs of the 28-day total
 * error (each capped like the platform figure); null when no KPI has 28 days to compare.
 *
 * @example dealerDeviation(twin) // 2.4
 */
export function dealerDeviation(twin: DealerTwin): number | null {
  let sum = 0;
  let count = 0;
  for (const kpi of KPI_NAMES) {
    const value = twin.kpis[kpi]?.deviation.last28.totalError;
    if (value === null || value === undefined || !Number.isFinite(value)) continue;
    sum += Math.min(value, MAX_SERIES_ERROR);
    count++;
  }
  return count === 0 ? null : Number((sum / count).toFixed(3));
}

/**
 * Summary of many twins for the dashboard: the platform metric against the target, the spread of
 * per-dealer deviation, and the most recent anomalies (newest first, at most `latest`).
 *
 * @example twinsSummary(twins, 5).distribution.median
 */
export function twinsSummary(twins: readonly DealerTwin[], target?: number, latest = 50): TwinsSummary {
  const deviation = summarizeDeviation(twins, target);
  const values = twins
    .map(dealerDeviation)
    .filter((v): v is number => v !== null)
    .sort((a, b) => a - b);
  const q = (p: number) => {
    if (values.length === 0) return null;
    const position = p * (values.length - 1);
    const low = Math.floor(position);
    const high = Math.ceil(position);
    const lowValue = values[low] ?? 0;
    const value = lowValue + ((values[high] ?? lowValue) - lowValue) * (position - low);
    return Number(value.toFixed(3));
  };
  const byKpi = Object.fromEntries(KPI_NAMES.map((kpi) => [kpi, 0])) as Record<KpiName, number>;
  const all: TwinsSummary["anomalies"]["latest"] = [];
  for (const twin of twins) {
    for (const kpi of KPI_NAMES) {
      for (const anomaly of twin.kpis[kpi]?.anomalies ?? []) {
        byKpi[kpi]++;
        all.push({ ...anomaly, dealerId: twin.dealerId, kpi });
      }
    }
  }
  all.sort((a, b) => (a.date === b.date ? a.dealerId.localeCompare(b.dealerId) : a.date < b.date ? 1 : -1));
  return {
    dealers: twins.length,
    asOf:
      twins
        .map((t) => t.asOf)
        .sort()
        .at(-1) ?? null,
    platform: deviation.platform,
    byKpi: deviation.byKpi,
    distribution: {
      dealers: values.length,
      min: q(0),
      p10: q(0.1),
      p25: q(0.25),
      median: q(0.5),
      p75: q(0.75),
      p90: q(0.9),
      max: q(1),
      meetingTarget: target === undefined ? values.length : values.filter((v) => v < target).length,
    },
    anomalies: { total: all.length, byKpi, latest: all.slice(0, latest) },
  };
}
