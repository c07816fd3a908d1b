import { type ListedSuccessMetric, listSuccessMetrics, type Manifest } from "@dai/manifest-schema";
import type { Warehouse } from "../warehouse/types.js";
import { METRIC_DEFINITIONS, unitScale } from "./definitions.js";
import { metricSql } from "./query.js";

export interface MetricHistory {
  readonly id: string;
  readonly name: string;
  readonly unit: ListedSuccessMetric["unit"];
  readonly targetLabel: string;
  /** One point per day with data, oldest first; days without events are absent, not zero. */
  readonly points: { readonly day: string; readonly value: number; readonly events: number }[];
}

/**
 * Daily values of each measurable success metric over the last `days` (default 14), for sparklines:
 * one grouped query per metric, the same on every warehouse.
 *
 * @example const history = await metricHistory({ warehouse, manifest, days: 7 });
 */
export async function metricHistory(options: {
  warehouse: Warehouse;
  manifest: Manifest;
  days?: number;
  metrics?: readonly string[];
  now?: Date;
}): Promise<MetricHistory[]> {
  const now = options.now ?? new Date();
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  start.setUTCDate(start.getUTCDate() - ((options.days ?? 14) - 1));
  const bounds = {
    main: start.toISOString(),
    fast: start.toISOString(),
    slow: start.toISOString(),
    to: now.toISOString(),
  };
  const listed = new Map(listSuccessMetrics(options.manifest).map((m) => [m.id, m]));
  const result: MetricHistory[] = [];
  for (const definition of METRIC_DEFINITIONS) {
    const metric = listed.get(definition.id);
    if (!metric || (options.metrics && !options.metrics.includes(definition.id))) continue;
    const scale = unitScale(metric.unit, definition.measure);
    const { main } = metricSql(
      definition,
      options.warehouse.dialect,
      bounds,
      { comparator: metric.comparator, threshold: metric.target / scale },
      { bucket: "day", exact: true },
    );
    const rows = await options.warehouse.query(main);
    result.push({
      id: metric.id,
      name: metric.name,
      unit: metric.unit,
      targetLabel: metric.targetLabel,
      points: rows
        .filter((row) => Number(row.n) > 0 && row.value !== null && row.value !== undefined)
        .map((row) => ({
          day: String(row.bucket).slice(0, 10),
          value: Number(row.value) * scale,
          events: Number(row.n),
        })),
    });
  }
  return result;
}
