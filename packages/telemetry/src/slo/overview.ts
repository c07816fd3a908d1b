import type { Warehouse } from "../warehouse/types.js";
import { parseWindow } from "./window.js";

export interface TelemetryOverview {
  readonly from: string;
  readonly to: string;
  readonly events: number;
  /** Event mix over the window, largest first. */
  readonly byKind: { kind: string; events: number }[];
  /** Ingest rate: events acknowledged per bucket (by `received_at`). */
  readonly ingest: { bucket: string; events: number }[];
  /** Share of `api.request` events with a 5xx status; null without requests. */
  readonly errorRate: number | null;
  /** p95 acknowledgement → visibility in milliseconds; null without events. */
  readonly freshnessP95Ms: number | null;
}

/**
 * What `/pulse/meta/telemetry` shows: ingest rate, event mix, error rate, freshness.
 *
 * @example await telemetryOverview({ warehouse, window: "1h", bucket: "minute" })
 */
export async function telemetryOverview(options: {
  warehouse: Warehouse;
  window?: string;
  bucket?: "minute" | "hour" | "day";
  now?: Date;
}): Promise<TelemetryOverview> {
  const d = options.warehouse.dialect;
  const now = options.now ?? new Date();
  const from = new Date(now.getTime() - parseWindow(options.window ?? "24h")).toISOString();
  const where = `time >= ${d.timestamp(from)} AND time <= ${d.timestamp(now.toISOString())}`;
  const byKind = await options.warehouse.query(
    `SELECT kind, COUNT(*) AS events FROM ${d.eventsTable} WHERE ${where} GROUP BY kind ORDER BY events DESC, kind`,
  );
  const ingest = await options.warehouse.query(
    `SELECT ${d.truncate(options.bucket ?? "hour", "received_at")} AS bucket, COUNT(*) AS events FROM ${d.eventsTable}
     WHERE ${where} GROUP BY bucket ORDER BY bucket`,
  );
  const [summary = {}] = await options.warehouse.query(
    `SELECT ${d.divide(d.countIf("kind = 'api.request' AND status >= 500"), d.countIf("kind = 'api.request'"))} AS error_rate,
       ${d.quantile(d.millisBetween("received_at", "loaded_at"), 0.95)} AS freshness
     FROM ${d.eventsTable} WHERE ${where}`,
  );
  const number = (value: unknown) => (value === null || value === undefined ? null : Number(value));
  return {
    from,
    to: now.toISOString(),
    events: byKind.reduce((sum, row) => sum + Number(row.events), 0),
    byKind: byKind.map((row) => ({ kind: String(row.kind), events: Number(row.events) })),
    ingest: ingest.map((row) => ({ bucket: String(row.bucket), events: Number(row.events) })),
    errorRate: number(summary.error_rate),
    freshnessP95Ms: number(summary.freshness),
  };
}
