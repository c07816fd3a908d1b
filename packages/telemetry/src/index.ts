export type { ClientProblem, ClientStats, TelemetryClient, TelemetryClientOptions } from "./client/client.js";
export { createTelemetryClient } from "./client/client.js";
export { sloCommand, telemetryCommands, telemetryExportCommand, telemetryQueryCommand } from "./commands.js";
export { newEventId } from "./events/id.js";
export type { EventInput, EventKind, TelemetryEvent } from "./events/schema.js";
export { EVENT_KINDS, SCHEMA_VERSION, telemetryEventSchema } from "./events/schema.js";
export type { BatchValidation, RejectedEvent } from "./events/validate.js";
export { validateEvents } from "./events/validate.js";
export { toNodeListener } from "./http/node.js";
export type { TelemetryReadApiOptions } from "./http/read-api.js";
export { createTelemetryReadApi } from "./http/read-api.js";
export { keyChecker } from "./ingest/auth.js";
export type { Ingest, IngestOptions, IngestResponse, IngestStats } from "./ingest/ingest.js";
export { createIngest } from "./ingest/ingest.js";
export { openSpool, Spool } from "./ingest/spool.js";
export type { MetricDefinition, MetricMeasure } from "./slo/definitions.js";
export { METRIC_DEFINITIONS } from "./slo/definitions.js";
export type {
  BurnRate,
  EvaluateOptions,
  Evaluation,
  MetricEvaluation,
  MetricStatus,
} from "./slo/evaluate.js";
export { evaluateSuccessMetrics } from "./slo/evaluate.js";
export type { EvaluatorOptions, SoundscapeUsage } from "./slo/evaluator.js";
export { soundscapeUsage, startEvaluator, systemHealth } from "./slo/evaluator.js";
export type { MetricHistory } from "./slo/history.js";
export { metricHistory } from "./slo/history.js";
export type { TelemetryOverview } from "./slo/overview.js";
export { telemetryOverview } from "./slo/overview.js";
export { metricSql } from "./slo/query.js";
export { parseWindow } from "./slo/window.js";
export type { BigQueryWarehouseOptions } from "./warehouse/bigquery.js";
export { bigQuerySchema, openBigQueryWarehouse } from "./warehouse/bigquery.js";
export type { Column, ColumnType } from "./warehouse/columns.js";
export { EVENT_COLUMNS, EVENTS_TABLE } from "./warehouse/columns.js";
export { bigQueryDialect, duckDbDialect } from "./warehouse/dialects.js";
export type { DuckDbWarehouseOptions } from "./warehouse/duckdb.js";
export { isDuckDbLockError, openDuckDbWarehouse } from "./warehouse/duckdb.js";
export type { ExportFormat } from "./warehouse/export.js";
export { exportEvents } from "./warehouse/export.js";
export type { OpenWarehouseOptions } from "./warehouse/open.js";
export { DUCKDB_FILE_NAME, openWarehouse } from "./warehouse/open.js";
export type { Dialect, LoadResult, Warehouse } from "./warehouse/types.js";
