/**
 * The few SQL differences between the warehouses, written once; every metric query is built from
 * these so the same question gets the same answer on DuckDB and BigQuery.
 */
export interface Dialect {
  readonly name: "duckdb" | "bigquery";
  /** The events table, qualified as the warehouse needs it. */
  readonly eventsTable: string;
  /**
   * Quantile `q` (0–1) of `expr` as an observed value, NULLs ignored: exact (nearest rank) when `exact`,
   * otherwise the warehouse's fast approximation where it has one.
   */
  quantile(expr: string, q: number, exact?: boolean): string;
  /** Number of rows where `condition` holds. */
  countIf(condition: string): string;
  /** A timestamp literal from an ISO instant. */
  timestamp(iso: string): string;
  /** Milliseconds from `from` to `to` (both timestamps), as a float. */
  millisBetween(from: string, to: string): string;
  /** `expr` (a timestamp) truncated to the start of its minute, hour or day. */
  truncate(unit: "minute" | "hour" | "day", expr: string): string;
  /** Float division that yields NULL instead of failing on zero. */
  divide(numerator: string, denominator: string): string;
}

/** What loading one sealed spool file did. */
export interface LoadResult {
  /** Rows newly visible in the warehouse. */
  readonly inserted: number;
  /** Rows skipped because their id was already stored (a client retry or a replayed file). */
  readonly duplicates: number;
  /** True when every file had been loaded before (a crash hit between load and deletion). */
  readonly alreadyLoaded: boolean;
}

/**
 * A warehouse the ingest loads into and the metric queries read from.
 *
 * @example const warehouse = await openDuckDbWarehouse({ path: "data/telemetry.duckdb" });
 */
export interface Warehouse {
  readonly dialect: Dialect;
  /** Creates the tables if they do not exist (same schema on every warehouse). */
  init(): Promise<void>;
  /**
   * Loads sealed NDJSON spool files of validated events exactly once: rows whose id is already
   * stored are skipped, and files loaded before change nothing. The files load together (DuckDB: in
   * one transaction), so a loader that fell behind catches up in one go. Content the warehouse can
   * never store fails with a `DaiError` coded `spool_file_refused`; anything else is worth a retry.
   */
  loadSpoolFiles(paths: readonly string[]): Promise<LoadResult>;
  /** Runs a read query and returns plain rows (numbers as JS numbers, timestamps as ISO strings). */
  query(sql: string): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}
