import { DaiError } from "@dai/core";
import {
  type ListedSuccessMetric,
  listSuccessMetrics,
  type Manifest,
  meetsTarget,
} from "@dai/manifest-schema";
import { EXACT_QUANTILE_LIMIT } from "../warehouse/dialects.js";
import type { Warehouse } from "../warehouse/types.js";
import { METRIC_DEFINITIONS, type MetricDefinition, unitScale } from "./definitions.js";
import { metricSql, type WindowBounds } from "./query.js";
import { parseWindow } from "./window.js";

export type MetricStatus = "met" | "at-risk" | "missed" | "no-data";

/** Error-budget burn over one window: 1 means the budget lasts exactly the SLO period. */
export interface BurnRate {
  readonly window: string;
  readonly events: number;
  /** Share of bad events (or, for means, the window's mean); null without data. */
  readonly badRatio: number | null;
  /** null without data, or when the target leaves no budget (e.g. a 100% pass rate). */
  readonly burnRate: number | null;
}

export interface MetricEvaluation {
  readonly id: string;
  readonly name: string;
  readonly owner: string;
  readonly unit: ListedSuccessMetric["unit"];
  readonly comparator: ListedSuccessMetric["comparator"];
  readonly target: number;
  readonly targetLabel: string;
  /** In the manifest's unit; null when there is no data — never a made-up number. */
  readonly value: number | null;
  readonly events: number;
  readonly status: MetricStatus;
  readonly burn: { readonly fast: BurnRate; readonly slow: BurnRate };
  readonly measuredBy: string;
}

export interface Evaluation {
  readonly evaluatedAt: string;
  readonly window: string;
  readonly from: string;
  readonly warehouse: string;
  readonly metrics: MetricEvaluation[];
  /** Manifest metrics telemetry does not measure (other systems own them). */
  readonly unmeasured: { id: string; name: string }[];
}

export interface EvaluateOptions {
  readonly warehouse: Warehouse;
  readonly manifest: Manifest;
  /** Rolling window of the value and status (default `24h`). */
  readonly window?: string;
  /** SRE multi-window burn rate: short window (default `1h`) and long window (default `6h`). */
  readonly fastWindow?: string;
  readonly slowWindow?: string;
  /** A metric meeting its target is "at risk" when both windows burn faster than this (default 1). */
  readonly burnRateThreshold?: number;
  /** Only these metric ids (default: every measurable one). */
  readonly metrics?: readonly string[];
  readonly now?: Date;
}

/**
 * Evaluates every measurable success metric of the manifest over a rolling window: value, target
 * from the manifest, status, and burn rates over a fast and a slow window. Status: `no-data` without
 * events; `missed` when the value misses the target; `at-risk` when it meets it but both windows burn
 * budget faster than `burnRateThreshold` (the multi-window rule: sustained, and still happening).
 *
 * @example const { metrics } = await evaluateSuccessMetrics({ warehouse, manifest: await loadManifest() });
 */
export async function evaluateSuccessMetrics(options: EvaluateOptions): Promise<Evaluation> {
  const now = options.now ?? new Date();
  const window = options.window ?? "24h";
  const fastWindow = options.fastWindow ?? "1h";
  const slowWindow = options.slowWindow ?? "6h";
  const start = (text: string, field: string) =>
    new Date(now.getTime() - parseWindow(text, field)).toISOString();
  const bounds = {
    main: start(window, "window"),
    fast: start(fastWindow, "fastWindow"),
    slow: start(slowWindow, "slowWindow"),
    to: now.toISOString(),
  };
  const listed = listSuccessMetrics(options.manifest);
  const byId = new Map(listed.map((metric) => [metric.id, metric]));
  let definitions = METRIC_DEFINITIONS.filter((definition) => byId.has(definition.id));
  if (options.metrics) {
    const known = new Set(definitions.map((d) => d.id));
    const unknown = options.metrics.filter((id) => !known.has(id));
    if (unknown.length > 0) {
      throw new DaiError(
        "unknown_metric",
        `not a telemetry-measured success metric: ${unknown.join(", ")}; known: ${[...known].join(", ")}`,
        { status: 404, field: "metric" },
      );
    }
    definitions = definitions.filter((d) => options.metrics?.includes(d.id));
  }
  const threshold = options.burnRateThreshold ?? 1;
  const rows = await measure(options.warehouse, definitions, byId, bounds);
  const metrics = definitions.map((definition) =>
    judge(
      definition,
      byId.get(definition.id) as ListedSuccessMetric,
      rows.get(definition.id) ?? {},
      threshold,
      {
        fastWindow,
        slowWindow,
      },
    ),
  );
  const measured = new Set(METRIC_DEFINITIONS.map((d) => d.id));
  return {
    evaluatedAt: bounds.to,
    window,
    from: bounds.main,
    warehouse: options.warehouse.dialect.name,
    metrics,
    unmeasured: listed.filter((m) => !measured.has(m.id)).map((m) => ({ id: m.id, name: m.name })),
  };
}

const targetOf = (definition: MetricDefinition, metric: ListedSuccessMetric) => ({
  comparator: metric.comparator,
  threshold: metric.target / unitScale(metric.unit, definition.measure),
});

/**
 * Runs each metric's two queries (rolling window; slow window for burn rates), once per distinct
 * measure and target (Performance = API p95 share them). Quantiles over few values are recomputed
 * exactly where the dialect can.
 */
async function measure(
  warehouse: Warehouse,
  definitions: readonly MetricDefinition[],
  byId: ReadonlyMap<string, ListedSuccessMetric>,
  bounds: WindowBounds,
): Promise<Map<string, Record<string, unknown>>> {
  const d = warehouse.dialect;
  const done = new Map<string, Record<string, unknown>>();
  const rows = new Map<string, Record<string, unknown>>();
  for (const definition of definitions) {
    const target = targetOf(definition, byId.get(definition.id) as ListedSuccessMetric);
    const key = JSON.stringify([definition.kind, definition.measuredBy, target]);
    let row = done.get(key);
    if (!row) {
      const sql = metricSql(definition, d, bounds, target);
      row = { ...(await warehouse.query(sql.main))[0], ...(await warehouse.query(sql.burn))[0] };
      // A sampled quantile is only needed for many values; below the sample size take the exact one.
      const n = Number(row.n);
      const exactDiffers = d.quantile("x", 0.5, true) !== d.quantile("x", 0.5);
      if (definition.measure.type === "quantile" && n > 0 && n <= EXACT_QUANTILE_LIMIT && exactDiffers) {
        const exact = metricSql(definition, d, bounds, target, { exact: true });
        row.value = (await warehouse.query(exact.main))[0]?.value ?? row.value;
      }
      done.set(key, row);
    }
    rows.set(definition.id, row);
  }
  return rows;
}

/** Value, status and burn rates of one metric from its measured row. */
function judge(
  definition: MetricDefinition,
  metric: ListedSuccessMetric,
  row: Record<string, unknown>,
  burnThreshold: number,
  names: { fastWindow: string; slowWindow: string },
): MetricEvaluation {
  const scale = unitScale(metric.unit, definition.measure);
  const num = (key: string) => (row[key] === null || row[key] === undefined ? null : Number(row[key]));
  const events = num("n") ?? 0;
  const rawValue = events > 0 ? num("value") : null;
  const value = rawValue === null ? null : rawValue * scale;
  const burn = (suffix: "_fast" | "_slow", window: string): BurnRate => {
    const n = num(`n${suffix}`) ?? 0;
    if (n === 0) return { window, events: 0, badRatio: null, burnRate: null };
    if (definition.measure.type === "mean") {
      const mean = num(`value${suffix}`);
      return {
        window,
        events: n,
        badRatio: mean,
        burnRate: meanBurnRate(mean === null ? null : mean * scale, metric),
      };
    }
    const badRatio = (num(`bad${suffix}`) ?? 0) / n;
    const budget =
      definition.measure.type === "quantile"
        ? 1 - definition.measure.q
        : 1 - metric.target / (scale === 100 ? 100 : 1);
    return { window, events: n, badRatio, burnRate: budget > 1e-12 ? badRatio / budget : null };
  };
  const fast = burn("_fast", names.fastWindow);
  const slow = burn("_slow", names.slowWindow);
  let status: MetricStatus;
  if (value === null) status = "no-data";
  else if (!meetsTarget(metric, value)) status = "missed";
  else if ((fast.burnRate ?? 0) > burnThreshold && (slow.burnRate ?? 0) > burnThreshold) status = "at-risk";
  else status = "met";
  return {
    id: metric.id,
    name: metric.name,
    owner: metric.owner,
    unit: metric.unit,
    comparator: metric.comparator,
    target: metric.target,
    targetLabel: metric.targetLabel,
    value,
    events,
    status,
    burn: { fast, slow },
    measuredBy: definition.measuredBy,
  };
}

/**
 * A mean's burn rate: for lower-is-better targets the mean over the target; for a share that must stay
 * above its target (accuracy > 90%), the shortfall from 100% over the allowed shortfall.
 */
function meanBurnRate(value: number | null, metric: { comparator: string; target: number; unit: string }) {
  if (value === null) return null;
  if ((metric.comparator === "gt" || metric.comparator === "gte") && metric.unit === "percent")
    return metric.target >= 100 ? null : Math.max(0, 100 - value) / (100 - metric.target);
  return metric.target === 0 ? null : Math.abs(value) / metric.target;
}
