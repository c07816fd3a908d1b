import { mkdir } from "node:fs/promises";
import { basename, dirname } from "node:path";
import { DaiError } from "@dai/core";
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { type ColumnType, EVENT_COLUMNS, EVENTS_TABLE, LOADED_AT_COLUMN } from "./columns.js";
import { duckDbDialect } from "./dialects.js";
import type { LoadResult, Warehouse } from "./types.js";

const TYPES: Record<ColumnType, string> = {
  string: "VARCHAR",
  int: "INTEGER",
  double: "DOUBLE",
  bool: "BOOLEAN",
  timestamp: "TIMESTAMP",
};
const LEDGER_TABLE = "telemetry_loaded_files";

export interface DuckDbWarehouseOptions {
  /** Database file, e.g. `data/telemetry.duckdb`; `:memory:` for tests. */
  readonly path: string;
  /** DuckDB worker threads (default 2: this runs beside the API on small machines). */
  readonly threads?: number;
  readonly readOnly?: boolean;
  /** Extra DuckDB settings, e.g. `{ checkpoint_threshold: "256MB" }`. */
  readonly config?: Readonly<Record<string, string>>;
}

/** True when DuckDB refused to open because another process holds the file's write lock. */
export function isDuckDbLockError(error: unknown): boolean {
  return error instanceof Error && /Could not set lock on file|Conflicting lock is held/i.test(error.message);
}

/**
 * Opens (creating if needed) the DuckDB warehouse: the default, no configuration. One process may
 * write the file at a time; a second opener gets a `DaiError` with code `warehouse_locked` (409).
 *
 * @example const warehouse = await openDuckDbWarehouse({ path: join(dataDir, "telemetry.duckdb") });
 */
export async function openDuckDbWarehouse(options: DuckDbWarehouseOptions): Promise<Warehouse> {
  let instance: DuckDBInstance;
  if (options.path !== ":memory:" && !options.readOnly)
    await mkdir(dirname(options.path), { recursive: true });
  try {
    instance = await DuckDBInstance.create(options.path, {
      threads: String(options.threads ?? 2),
      ...options.config,
      ...(options.readOnly ? { access_mode: "READ_ONLY" } : {}),
    });
  } catch (error) {
    if (isDuckDbLockError(error)) {
      const holder = /PID (\d+)/.exec((error as Error).message)?.[1];
      throw new DaiError(
        "warehouse_locked",
        `the warehouse ${options.path} is held by another process${holder ? ` (PID ${holder}, usually the API)` : ""}; DuckDB lets one process write it at a time`,
        { status: 409, cause: error },
      );
    }
    throw error;
  }
  const writer = await instance.connect();
  const reader = await instance.connect();
  return new DuckDbWarehouse(instance, writer, reader, options.readOnly ?? false);
}

class DuckDbWarehouse implements Warehouse {
  readonly dialect = duckDbDialect;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly instance: DuckDBInstance,
    private readonly writer: DuckDBConnection,
    private readonly reader: DuckDBConnection,
    private readonly readOnly: boolean,
  ) {}

  async init(): Promise<void> {
    if (this.readOnly) return;
    const columns = EVENT_COLUMNS.map(
      (c) => `${c.name} ${TYPES[c.type]}${c.required ? " NOT NULL" : ""}`,
    ).join(", ");
    await this.writer.run(
      `CREATE TABLE IF NOT EXISTS ${EVENTS_TABLE} (${columns}, ${LOADED_AT_COLUMN} TIMESTAMP NOT NULL)`,
    );
    await this.writer.run(
      // `rows`: rows inserted by the load (one transaction) that included the file.
      `CREATE TABLE IF NOT EXISTS ${LEDGER_TABLE} (file VARCHAR PRIMARY KEY, rows BIGINT NOT NULL, loaded_at TIMESTAMP NOT NULL)`,
    );
    // The ledger only guards against re-loading a file a crash left behind, which happens within
    // seconds; event ids still de-duplicate anything older, so a month of entries is plenty.
    await this.writer.run(`DELETE FROM ${LEDGER_TABLE} WHERE loaded_at < $cutoff::TIMESTAMP`, {
      cutoff: sqlTimestamp(new Date(Date.now() - 30 * 86_400_000)),
    });
  }

  loadSpoolFiles(paths: readonly string[]): Promise<LoadResult> {
    const next = this.#queue.then(() => this.#load(paths));
    this.#queue = next.catch(() => {});
    return next;
  }

  /** One transaction for a group of files: their rows and their ledger entries commit together. */
  async #load(paths: readonly string[]): Promise<LoadResult> {
    const w = this.writer;
    const list = (values: readonly string[]) =>
      `[${values.map((v) => `'${v.replaceAll("'", "''")}'`).join(", ")}]`;
    await w.run("BEGIN TRANSACTION");
    try {
      const seen = new Set(
        (
          await w.runAndReadAll(
            `SELECT file FROM ${LEDGER_TABLE} WHERE file IN (SELECT unnest(${list(paths.map((p) => basename(p)))}))`,
          )
        )
          .getRowObjectsJson()
          .map((row) => String(row.file)),
      );
      const fresh = paths.filter((path) => !seen.has(basename(path)));
      if (fresh.length === 0) {
        await w.run("ROLLBACK");
        return { inserted: 0, duplicates: 0, alreadyLoaded: true };
      }
      const files = list(fresh);
      const columns = EVENT_COLUMNS.map((c) => `'${c.field}': '${TYPES[c.type]}'`).join(", ");
      const select = EVENT_COLUMNS.map((c) => `"${c.field}" AS ${c.name}`).join(", ");
      // Pass 1 reads two columns: the time range the anti-join has to look at, and whether the
      // files repeat an id among themselves (rare: a retry within one rotation) — only then is the
      // costlier DISTINCT ON over every column needed.
      const bounds = (
        await w.runAndReadAll(
          `SELECT count(*) AS n, count(DISTINCT id) AS ids, min(time) AS lo, max(time) AS hi
           FROM read_ndjson(${files}, columns = {'id': 'VARCHAR', 'time': 'TIMESTAMP'}, format = 'newline_delimited')`,
        )
      ).getRowObjectsJson()[0] as {
        n: string | number;
        ids: string | number;
        lo: string | null;
        hi: string | null;
      };
      const lines = Number(bounds.n);
      let inserted = 0;
      if (lines > 0) {
        // Duplicates carry the same event time, so the anti-join only scans row groups in [lo, hi].
        const names = EVENT_COLUMNS.map((c) => c.name).join(", ");
        const result = await w.run(
          `INSERT INTO ${EVENTS_TABLE} (${names}, ${LOADED_AT_COLUMN})
           SELECT s.*, $loadedAt::TIMESTAMP FROM (
             SELECT ${Number(bounds.ids) < lines ? "DISTINCT ON (id) " : ""}${select}
             FROM read_ndjson(${files}, columns = {${columns}}, format = 'newline_delimited')
           ) s
           WHERE s.id NOT IN (SELECT id FROM ${EVENTS_TABLE} WHERE time BETWEEN $lo AND $hi)`,
          { lo: bounds.lo, hi: bounds.hi, loadedAt: sqlTimestamp(new Date()) },
        );
        inserted = Number(result.rowsChanged);
      }
      await w.run(
        `INSERT INTO ${LEDGER_TABLE} SELECT unnest(${list(fresh.map((p) => basename(p)))}), $rows, $loadedAt::TIMESTAMP`,
        { rows: inserted, loadedAt: sqlTimestamp(new Date()) },
      );
      await w.run("COMMIT");
      return { inserted, duplicates: lines - inserted, alreadyLoaded: false };
    } catch (error) {
      await w.run("ROLLBACK").catch(() => {});
      // DuckDB refusing the files' content (not its own state) fails the same way on every retry.
      if (error instanceof Error && /^(Invalid Input|Conversion|Constraint) Error/.test(error.message)) {
        throw new DaiError("spool_file_refused", error.message, { status: 422, cause: error });
      }
      throw error;
    }
  }

  async query(sql: string): Promise<Record<string, unknown>[]> {
    const result = await this.reader.runAndReadAll(sql);
    return result.getRowObjectsJS().map((row) => {
      const plain: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(row)) plain[key] = toPlain(value);
      return plain;
    });
  }

  async close(): Promise<void> {
    await this.#queue;
    this.reader.closeSync();
    this.writer.closeSync();
    this.instance.closeSync();
  }
}

/** UTC wall time as DuckDB's TIMESTAMP text; `now()` would be a TIMESTAMPTZ in the session's zone. */
function sqlTimestamp(date: Date): string {
  return date.toISOString().replace("T", " ").replace("Z", "");
}

function toPlain(value: unknown): unknown {
  if (typeof value === "bigint") return Number(value);
  if (value instanceof Date) return value.toISOString();
  return value;
}
