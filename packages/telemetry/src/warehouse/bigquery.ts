import { readFile } from "node:fs/promises";
import { BigQuery, type BigQueryOptions, type Table } from "@google-cloud/bigquery";
import {
  type ColumnType,
  EVENT_COLUMNS,
  EVENTS_TABLE,
  LOADED_AT_COLUMN,
  recordToRow,
  type SpoolRecord,
} from "./columns.js";
import { bigQueryDialect } from "./dialects.js";
import type { LoadResult, Warehouse } from "./types.js";

const TYPES: Record<ColumnType, string> = {
  string: "STRING",
  int: "INTEGER",
  double: "FLOAT",
  bool: "BOOLEAN",
  timestamp: "TIMESTAMP",
};
/** insertErrors reasons worth retrying (https://cloud.google.com/bigquery/docs/error-messages). */
const RETRYABLE = new Set(["backendError", "internalError", "timeout", "stopped", "rateLimitExceeded"]);

export interface BigQueryWarehouseOptions {
  readonly projectId: string;
  readonly datasetId: string;
  readonly tableId?: string;
  readonly location?: string;
  /** Another endpoint than Google's, e.g. a local server in tests (`http://127.0.0.1:9050`). */
  readonly apiEndpoint?: string;
  /** Rows per `tabledata.insertAll` request (default 500, BigQuery's recommendation). */
  readonly batchSize?: number;
  /** Attempts for rows that fail transiently inside a batch (default 4). */
  readonly maxAttempts?: number;
  readonly retryDelayMs?: number;
  /** Passed to the client as is: `keyFilename`, `credentials`, `authClient`… */
  readonly clientOptions?: BigQueryOptions;
}

/**
 * BigQuery warehouse, switched on by configuration (`BIGQUERY_PROJECT_ID`, `BIGQUERY_DATASET`).
 * Writes go through `tabledata.insertAll` in batches with the event id as `insertId`, so a replayed
 * batch is de-duplicated by BigQuery (best effort, about a minute); rows failing transiently inside
 * a batch are retried alone. The table is created from the same column list as DuckDB's,
 * partitioned by day of `time` and clustered by `kind`.
 *
 * @example const warehouse = openBigQueryWarehouse({ projectId: "acme", datasetId: "telemetry" });
 */
export function openBigQueryWarehouse(options: BigQueryWarehouseOptions): Warehouse {
  const client = new BigQuery({
    projectId: options.projectId,
    ...(options.location ? { location: options.location } : {}),
    ...(options.apiEndpoint ? { apiEndpoint: options.apiEndpoint } : {}),
    ...options.clientOptions,
  });
  const tableId = options.tableId ?? EVENTS_TABLE;
  const dataset = client.dataset(options.datasetId);
  const table = dataset.table(tableId);
  const batchSize = options.batchSize ?? 500;

  return {
    dialect: bigQueryDialect(options.projectId, options.datasetId, tableId),

    async init() {
      const [exists] = await table.exists();
      if (exists) return;
      await dataset.createTable(tableId, {
        schema: { fields: bigQuerySchema() },
        timePartitioning: { type: "DAY", field: "time" },
        clustering: { fields: ["kind"] },
      });
    },

    async loadSpoolFiles(paths) {
      const text = (await Promise.all(paths.map((path) => readFile(path, "utf8")))).join("");
      const loadedAt = new Date().toISOString();
      const rows = text
        .split("\n")
        .filter((line) => line.length > 0)
        .map((line) => {
          const row = recordToRow(JSON.parse(line) as SpoolRecord);
          row[LOADED_AT_COLUMN] = loadedAt;
          return { insertId: String(row.id), json: row };
        });
      let inserted = 0;
      for (let start = 0; start < rows.length; start += batchSize) {
        inserted += await insertWithRetry(table, rows.slice(start, start + batchSize), options);
      }
      return { inserted, duplicates: 0, alreadyLoaded: false } satisfies LoadResult;
    },

    async query(sql) {
      const [rows] = await client.query({
        query: sql,
        useLegacySql: false,
        ...(options.location ? { location: options.location } : {}),
      });
      return (rows as Record<string, unknown>[]).map((row) => {
        const plain: Record<string, unknown> = {};
        for (const [key, value] of Object.entries(row)) {
          plain[key] =
            value !== null && typeof value === "object" && "value" in value
              ? (value as { value: unknown }).value
              : value;
        }
        return plain;
      });
    },

    async close() {},
  };
}

/** The BigQuery table schema, from the same column list DuckDB's table is created from. */
export function bigQuerySchema(): { name: string; type: string; mode: "REQUIRED" | "NULLABLE" }[] {
  return [
    ...EVENT_COLUMNS.map((c) => ({
      name: c.name,
      type: TYPES[c.type],
      mode: c.required ? ("REQUIRED" as const) : ("NULLABLE" as const),
    })),
    { name: LOADED_AT_COLUMN, type: "TIMESTAMP", mode: "REQUIRED" as const },
  ];
}

type RawRow = { insertId: string; json: Record<string, unknown> };
type PartialFailure = { errors?: { row?: RawRow; errors?: { reason?: string; message?: string }[] }[] };

/**
 * One insertAll batch; rows that fail with a transient reason are sent again on their own (same
 * insertId), permanent failures throw so the spool file stays for inspection.
 */
async function insertWithRetry(
  table: Table,
  rows: RawRow[],
  options: BigQueryWarehouseOptions,
): Promise<number> {
  const maxAttempts = options.maxAttempts ?? 4;
  let pending = rows;
  for (let attempt = 1; ; attempt++) {
    try {
      await table.insert(pending, {
        raw: true,
        partialRetries: 0,
        kind: "bigquery#tableDataInsertAllRequest",
        skipInvalidRows: false,
        ignoreUnknownValues: false,
      } as object);
      return rows.length;
    } catch (error) {
      const failures = (error as PartialFailure).errors;
      if ((error as Error).name !== "PartialFailureError" || !failures) throw error;
      const retry = failures.filter(
        (f) => f.row && (f.errors ?? []).every((e) => RETRYABLE.has(e.reason ?? "")),
      );
      if (retry.length < failures.length) {
        const permanent = failures.find((f) => !retry.includes(f));
        throw new Error(
          `BigQuery refused row ${permanent?.row?.insertId}: ${permanent?.errors?.map((e) => `${e.reason}: ${e.message}`).join("; ")}`,
        );
      }
      if (attempt >= maxAttempts) throw error;
      pending = retry.map((f) => f.row as RawRow);
      await new Promise((resolve) => setTimeout(resolve, (options.retryDelayMs ?? 200) * 2 ** (attempt - 1)));
    }
  }
}
