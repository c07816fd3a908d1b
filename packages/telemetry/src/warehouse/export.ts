import { rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { DaiError } from "@dai/core";
import { EVENTS_TABLE } from "./columns.js";
import type { Warehouse } from "./types.js";

export type ExportFormat = "ndjson" | "parquet";

export function parseExportFormat(value: string): ExportFormat {
  if (value === "ndjson" || value === "parquet") return value;
  throw new DaiError("invalid_option", `--format: expected ndjson or parquet, got "${value}"`, {
    field: "format",
  });
}

/**
 * Exports the events table from DuckDB with `COPY … TO` into a temp file beside `path`, then renames:
 * a reader never sees half an export. Returns the row count.
 *
 * @example await exportEvents(warehouse, "data/exports/telemetry.parquet", "parquet")
 */
export async function exportEvents(
  warehouse: Warehouse,
  path: string,
  format: ExportFormat,
): Promise<number> {
  if (warehouse.dialect.name !== "duckdb") {
    throw new DaiError(
      "unsupported",
      "export reads the embedded DuckDB warehouse; with BigQuery use `bq extract` to Cloud Storage",
      { status: 400 },
    );
  }
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  const options = format === "parquet" ? "FORMAT parquet, COMPRESSION zstd" : "FORMAT json";
  const escaped = temp.replaceAll("'", "''");
  try {
    await warehouse.query(`COPY (SELECT * FROM ${EVENTS_TABLE} ORDER BY time) TO '${escaped}' (${options})`);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  const [row] = await warehouse.query(`SELECT count(*) AS n FROM ${EVENTS_TABLE}`);
  return Number(row?.n ?? 0);
}
