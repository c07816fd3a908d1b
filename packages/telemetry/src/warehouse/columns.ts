/** Logical column types, mapped once per warehouse (DuckDB / BigQuery). */
export type ColumnType = "string" | "int" | "double" | "bool" | "timestamp";

export interface Column {
  /** Column name in the warehouse (snake_case). */
  readonly name: string;
  /** Key in the spooled NDJSON line (the event field, camelCase). */
  readonly field: string;
  readonly type: ColumnType;
  readonly required?: boolean;
}

/**
 * The one wide table every event kind lands in: the union of all kinds' fields, NULL where a kind has
 * none. One table keeps every metric query a single columnar scan on both warehouses.
 */
export const EVENT_COLUMNS: readonly Column[] = [
  { name: "id", field: "id", type: "string", required: true },
  { name: "kind", field: "kind", type: "string", required: true },
  { name: "time", field: "time", type: "timestamp", required: true },
  { name: "schema_version", field: "schemaVersion", type: "int", required: true },
  /** When the ingest acknowledged the event (durable in the spool). */
  { name: "received_at", field: "receivedAt", type: "timestamp", required: true },
  { name: "source", field: "source", type: "string" },
  { name: "user_id", field: "userId", type: "string" },
  { name: "session_id", field: "sessionId", type: "string" },
  { name: "route", field: "route", type: "string" },
  { name: "method", field: "method", type: "string" },
  { name: "status", field: "status", type: "int" },
  { name: "duration_ms", field: "durationMs", type: "double" },
  { name: "name", field: "name", type: "string" },
  { name: "value", field: "value", type: "double" },
  { name: "rating", field: "rating", type: "string" },
  { name: "page", field: "page", type: "string" },
  { name: "fps", field: "fps", type: "double" },
  { name: "target_fps", field: "targetFps", type: "double" },
  { name: "latency_ms", field: "latencyMs", type: "double" },
  { name: "stream", field: "stream", type: "string" },
  { name: "job", field: "job", type: "string" },
  { name: "outcome", field: "outcome", type: "string" },
  { name: "opt", field: "opt", type: "string" },
  { name: "tone", field: "tone", type: "string" },
  { name: "mood", field: "mood", type: "string" },
  { name: "feedback", field: "feedback", type: "string" },
  { name: "dealer_id", field: "dealerId", type: "string" },
  { name: "check_name", field: "check", type: "string" },
  { name: "ok", field: "ok", type: "bool" },
  { name: "metric", field: "metric", type: "string" },
  { name: "deviation_pct", field: "deviationPct", type: "double" },
];

/** Set by the warehouse in the load transaction: when the event became visible to queries. */
export const LOADED_AT_COLUMN = "loaded_at";

export const EVENTS_TABLE = "telemetry_events";

/** A spooled line: the validated event plus the ingest's acknowledgement time. */
export type SpoolRecord = Record<string, unknown> & { id: string; time: string; receivedAt: string };

/** Maps a spooled record to a warehouse row (snake_case keys, absent fields omitted). */
export function recordToRow(record: SpoolRecord): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const column of EVENT_COLUMNS) {
    const value = record[column.field];
    if (value !== undefined && value !== null) row[column.name] = value;
  }
  return row;
}
