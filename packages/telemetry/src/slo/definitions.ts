import type { Unit } from "@dai/manifest-schema";
import type { Dialect } from "../warehouse/types.js";

/**
 * How one success metric is measured from events:
 * - `quantile`: a percentile of a per-event measure; an event is bad when it alone misses the target,
 *   and the error budget is the share the percentile leaves out (5% for p95);
 * - `ratio`: good events / eligible events; the budget is 1 − target;
 * - `distinct-ratio`: the same over distinct users (first of user id, session id, event id);
 * - `mean`: an average; the burn rate is the window's mean over the target (1 = spending exactly the allowance).
 */
export type MetricMeasure =
  | { readonly type: "quantile"; readonly q: number; readonly expr: (d: Dialect) => string }
  | { readonly type: "ratio"; readonly good: string; readonly eligible?: string }
  | { readonly type: "distinct-ratio"; readonly good: string }
  | { readonly type: "mean"; readonly expr: (d: Dialect) => string };

export interface MetricDefinition {
  /** The manifest's success-metric id. */
  readonly id: string;
  /** Event kinds the measure reads; `undefined` means every event. */
  readonly kind: string | undefined;
  readonly measure: MetricMeasure;
  /** One line for dashboards: what is measured from which events. */
  readonly measuredBy: string;
}

const p95Latency = (id: string): MetricDefinition => ({
  id,
  kind: "api.request",
  measure: { type: "quantile", q: 0.95, expr: () => "duration_ms" },
  measuredBy: "p95 of api.request durationMs",
});
const forecast = (id: string): MetricDefinition => ({
  id,
  kind: "forecast.deviation",
  measure: { type: "mean", expr: () => "abs(deviation_pct)" },
  measuredBy: "mean absolute forecast.deviation deviationPct (MAPE)",
});

/**
 * Every manifest success metric telemetry can measure. The rest (bundle regression correction time,
 * engagement, transition satisfaction) come from other systems.
 */
export const METRIC_DEFINITIONS: readonly MetricDefinition[] = [
  p95Latency("edge-p95-latency"),
  p95Latency("performance"),
  {
    id: "unified-update-latency",
    kind: "sse.delivery",
    measure: { type: "quantile", q: 0.95, expr: () => "latency_ms" },
    measuredBy: "p95 of sse.delivery latencyMs (publish → dashboard)",
  },
  {
    id: "data-freshness",
    kind: undefined,
    // Milliseconds; the evaluator converts to the manifest's unit.
    measure: { type: "quantile", q: 0.95, expr: (d) => d.millisBetween("received_at", "loaded_at") },
    measuredBy: "p95 of acknowledgement → warehouse visibility over all events",
  },
  {
    id: "average-fps-drop",
    kind: "motion.frame-rate",
    measure: { type: "mean", expr: () => "GREATEST(0, (target_fps - fps) / target_fps * 100)" },
    measuredBy: "mean of (targetFps − fps) / targetFps over motion.frame-rate samples",
  },
  {
    id: "soundscape-opt-in-rate",
    kind: "soundscape.opt",
    measure: { type: "distinct-ratio", good: "opt = 'in'" },
    measuredBy: "users who switched the soundscape on / users with a soundscape.opt choice",
  },
  {
    id: "copilot-positive-sentiment",
    kind: "copilot.feedback",
    measure: { type: "ratio", good: "feedback = 'up'" },
    measuredBy: "thumbs up / all copilot.feedback",
  },
  forecast("forecast-deviation"),
  forecast("forecast-accuracy"),
  {
    id: "recommendation-accuracy",
    kind: "model.quality",
    measure: {
      type: "mean",
      expr: () => "CASE WHEN metric = 'recommendation-accuracy' THEN value * 100 END",
    },
    measuredBy:
      "mean of model.quality value for recommendation-accuracy (the vector job's held-out accuracy)",
  },
  {
    id: "uptime",
    kind: "health.check",
    measure: { type: "ratio", good: "ok" },
    measuredBy: "successful / all health.check events",
  },
  {
    id: "ci-pass-rate",
    kind: "job.run",
    measure: { type: "ratio", good: "outcome = 'success'", eligible: "outcome IN ('success', 'failure')" },
    measuredBy: "successful / finished job.run events (cancelled runs excluded)",
  },
];

/** Factor from the warehouse's measure to the manifest unit: percent shares ×100, durations from ms. */
export function unitScale(unit: Unit, measure: MetricMeasure): number {
  if (measure.type === "ratio" || measure.type === "distinct-ratio") return unit === "percent" ? 100 : 1;
  if (measure.type === "quantile") {
    const perMs: Partial<Record<Unit, number>> = { s: 1e-3, minutes: 1 / 60_000, hours: 1 / 3_600_000 };
    return perMs[unit] ?? 1;
  }
  return 1;
}
