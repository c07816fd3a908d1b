import { existsSync } from "node:fs";
import { join } from "node:path";
import { DaiError } from "@dai/core";
import { openBigQueryWarehouse } from "./bigquery.js";
import { openDuckDbWarehouse } from "./duckdb.js";
import type { Warehouse } from "./types.js";

/** The DuckDB file inside the data dir. */
export const DUCKDB_FILE_NAME = "telemetry.duckdb";

export interface OpenWarehouseOptions {
  readonly dataDir: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Open DuckDB read-only (the CLI); refused with `warehouse_locked` while the API writes it. */
  readonly readOnly?: boolean;
}

/**
 * The configured warehouse: BigQuery when `BIGQUERY_PROJECT_ID` and `BIGQUERY_DATASET` are set,
 * otherwise DuckDB in `<dataDir>/telemetry.duckdb` (no configuration). Tables are created unless
 * read-only.
 *
 * @example const warehouse = await openWarehouse({ dataDir, env: process.env });
 */
export async function openWarehouse(options: OpenWarehouseOptions): Promise<Warehouse> {
  const env = options.env ?? {};
  const projectId = env.BIGQUERY_PROJECT_ID?.trim();
  const datasetId = env.BIGQUERY_DATASET?.trim();
  if (projectId || datasetId) {
    if (!projectId || !datasetId) {
      throw new DaiError("invalid_config", "BigQuery needs both BIGQUERY_PROJECT_ID and BIGQUERY_DATASET", {
        field: projectId ? "BIGQUERY_DATASET" : "BIGQUERY_PROJECT_ID",
      });
    }
    const warehouse = openBigQueryWarehouse({ projectId, datasetId });
    if (!options.readOnly) await warehouse.init();
    return warehouse;
  }
  const path = join(options.dataDir, DUCKDB_FILE_NAME);
  if (options.readOnly && !existsSync(path)) {
    throw new DaiError(
      "no_warehouse",
      `no telemetry warehouse at ${path} yet: it is created when the API first starts and ingests events`,
      { status: 404 },
    );
  }
  const warehouse = await openDuckDbWarehouse({ path, readOnly: options.readOnly ?? false });
  await warehouse.init();
  return warehouse;
}
