import { randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DaiError, PROBLEM_CONTENT_TYPE, toProblem } from "@dai/core";
import type { Manifest } from "@dai/manifest-schema";
import { keyChecker, presentedKey } from "../ingest/auth.js";
import { evaluateSuccessMetrics } from "../slo/evaluate.js";
import { metricHistory } from "../slo/history.js";
import { telemetryOverview } from "../slo/overview.js";
import { type ExportFormat, exportEvents, parseExportFormat } from "../warehouse/export.js";
import type { Warehouse } from "../warehouse/types.js";

export interface TelemetryReadApiOptions {
  readonly warehouse: Warehouse;
  readonly manifest: Manifest;
  /** Required as `Authorization: Bearer …` when set (the ingest key works). */
  readonly key?: string;
}

/**
 * Read routes for the process that owns the warehouse, so the CLI (and dashboards) reach the data
 * while the API holds DuckDB's write lock. Mount both on GET:
 * - `/api/telemetry/slo?window=24h&metric=id` → an `Evaluation` (JSON);
 * - `/api/telemetry/history?days=14&metric=id` → `MetricHistory[]` (daily values, for sparklines);
 * - `/api/telemetry/overview?window=24h&bucket=hour` → a `TelemetryOverview`;
 * - `/api/telemetry/export?format=ndjson|parquet` → the events table as a file.
 *
 * @example app.get("/api/telemetry/*", (c) => readApi(c.req.raw));
 */
export function createTelemetryReadApi(
  options: TelemetryReadApiOptions,
): (request: Request) => Promise<Response> {
  const checkKey = options.key ? keyChecker(options.key) : undefined;
  return async (request) => {
    const url = new URL(request.url);
    try {
      if (checkKey && !checkKey(presentedKey(request, url))) {
        throw new DaiError("invalid_key", "missing or wrong key (Authorization: Bearer <key>)", {
          status: 401,
        });
      }
      if (url.pathname.endsWith("/slo")) {
        const metric = url.searchParams.get("metric");
        const evaluation = await evaluateSuccessMetrics({
          warehouse: options.warehouse,
          manifest: options.manifest,
          window: url.searchParams.get("window") ?? undefined,
          ...(metric ? { metrics: [metric] } : {}),
        });
        return Response.json(evaluation);
      }
      if (url.pathname.endsWith("/history")) {
        const days = Number(url.searchParams.get("days") ?? "14");
        if (!Number.isInteger(days) || days < 1 || days > 366) {
          throw new DaiError(
            "invalid_query",
            `days: expected an integer 1–366, got "${url.searchParams.get("days")}"`,
            {
              field: "days",
            },
          );
        }
        const metric = url.searchParams.get("metric");
        return Response.json(
          await metricHistory({
            warehouse: options.warehouse,
            manifest: options.manifest,
            days,
            ...(metric ? { metrics: [metric] } : {}),
          }),
        );
      }
      if (url.pathname.endsWith("/overview")) {
        const bucket = url.searchParams.get("bucket") ?? "hour";
        if (bucket !== "minute" && bucket !== "hour" && bucket !== "day") {
          throw new DaiError("invalid_query", `bucket: expected minute, hour or day, got "${bucket}"`, {
            field: "bucket",
          });
        }
        return Response.json(
          await telemetryOverview({
            warehouse: options.warehouse,
            window: url.searchParams.get("window") ?? "24h",
            bucket,
          }),
        );
      }
      if (url.pathname.endsWith("/export")) {
        const format: ExportFormat = parseExportFormat(url.searchParams.get("format") ?? "ndjson");
        const directory = join(tmpdir(), `dai-telemetry-export-${randomBytes(6).toString("hex")}`);
        await mkdir(directory, { recursive: true });
        const path = join(directory, `telemetry.${format}`);
        await exportEvents(options.warehouse, path, format);
        const { size } = await stat(path);
        const stream = createReadStream(path);
        stream.once("close", () => void rm(directory, { recursive: true, force: true }));
        return new Response(stream as unknown as ReadableStream, {
          headers: {
            "content-type": format === "parquet" ? "application/vnd.apache.parquet" : "application/x-ndjson",
            "content-length": String(size),
          },
        });
      }
      throw new DaiError("not_found", `no telemetry route ${url.pathname}`, { status: 404 });
    } catch (error) {
      const problem = toProblem(error, url.pathname);
      return new Response(JSON.stringify(problem), {
        status: problem.status,
        headers: { "content-type": PROBLEM_CONTENT_TYPE },
      });
    }
  };
}
