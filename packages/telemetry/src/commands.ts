import { dirname, join, resolve } from "node:path";
import {
  type CommandContext,
  type CommandSpec,
  commandDataDir,
  DATA_DIR_OPTION,
  DaiError,
  defineCommand,
  formatTable,
  resolveManifestPath,
  writeFileAtomic,
} from "@dai/core";
import { loadManifest, unitSuffix } from "@dai/manifest-schema";
import type { Evaluation, MetricEvaluation } from "./slo/evaluate.js";
import { evaluateSuccessMetrics } from "./slo/evaluate.js";
import { exportEvents, parseExportFormat } from "./warehouse/export.js";
import { openWarehouse } from "./warehouse/open.js";
import type { Warehouse } from "./warehouse/types.js";

const DEFAULT_API_URL = "http://127.0.0.1:8787";
const common = [
  DATA_DIR_OPTION,
  {
    flags: "--api-url <url>",
    description: `ask the running API instead of opening the warehouse (default when the API holds it: $API_URL or ${DEFAULT_API_URL})`,
  },
];

/**
 * Runs `local` against the warehouse opened read-only, or — when the API holds DuckDB's write lock
 * (it owns the file while it runs) or `--api-url` is given — `remote` against the API's read routes.
 * A lock never reaches the user as DuckDB's raw error.
 */
async function withData<T>(
  context: CommandContext,
  local: (warehouse: Warehouse) => Promise<T>,
  remote: (apiUrl: string, headers: Record<string, string>) => Promise<T>,
): Promise<T> {
  const { options, env, cwd } = context;
  const headers: Record<string, string> = env.TELEMETRY_INGEST_KEY
    ? { authorization: `Bearer ${env.TELEMETRY_INGEST_KEY}` }
    : {};
  if (typeof options.apiUrl === "string") return remote(options.apiUrl.replace(/\/$/, ""), headers);
  const dataDir = commandDataDir({ options, env, cwd });
  let warehouse: Warehouse;
  try {
    warehouse = await openWarehouse({ dataDir, env, readOnly: true });
  } catch (error) {
    if (!(error instanceof DaiError) || error.code !== "warehouse_locked") throw error;
    const apiUrl = (env.API_URL ?? DEFAULT_API_URL).replace(/\/$/, "");
    try {
      return await remote(apiUrl, headers);
    } catch (apiError) {
      throw new DaiError(
        "warehouse_locked",
        `${error.message}. Asking the API at ${apiUrl} failed too (${apiError instanceof Error ? apiError.message : String(apiError)}): pass --api-url <url> of the running API, or stop the API and retry`,
        { status: 409 },
      );
    }
  }
  try {
    return await local(warehouse);
  } finally {
    await warehouse.close();
  }
}

async function getJson(url: string, headers: Record<string, string>): Promise<unknown> {
  const response = await fetch(url, { headers });
  const body = (await response.json().catch(() => ({}))) as { detail?: string };
  if (!response.ok) throw new Error(`HTTP ${response.status}${body.detail ? `: ${body.detail}` : ""}`);
  return body;
}

async function evaluate(context: CommandContext, metric?: string): Promise<Evaluation> {
  const window = typeof context.options.window === "string" ? context.options.window : undefined;
  return withData(
    context,
    async (warehouse) =>
      evaluateSuccessMetrics({
        warehouse,
        manifest: await loadManifest(resolveManifestPath(context.env, context.cwd)),
        ...(window ? { window } : {}),
        ...(metric ? { metrics: [metric] } : {}),
      }),
    async (apiUrl, headers) => {
      const query = new URLSearchParams({ ...(window ? { window } : {}), ...(metric ? { metric } : {}) });
      return (await getJson(`${apiUrl}/api/telemetry/slo?${query}`, headers)) as Evaluation;
    },
  );
}

const formatValue = (m: MetricEvaluation) =>
  m.value === null ? "no data" : `${Number(m.value.toPrecision(3))}${unitSuffix(m.unit)}`;
const formatBurn = (value: number | null) => (value === null ? "–" : value.toFixed(2));

function sloTable(evaluation: Evaluation): string {
  const rows = evaluation.metrics.map((m) => ({
    metric: m.name,
    value: formatValue(m),
    target: m.targetLabel,
    status: m.status,
    fast: formatBurn(m.burn.fast.burnRate),
    slow: formatBurn(m.burn.slow.burnRate),
    events: m.events,
  }));
  const first = evaluation.metrics[0];
  return [
    `Success metrics over the last ${evaluation.window} (${evaluation.warehouse}), burn rate over ${first?.burn.fast.window ?? "1h"} / ${first?.burn.slow.window ?? "6h"}:`,
    formatTable(rows, [
      { key: "metric", label: "Metric" },
      { key: "value", label: "Value", align: "right" },
      { key: "target", label: "Target" },
      { key: "status", label: "Status" },
      { key: "fast", label: "Burn fast", align: "right" },
      { key: "slow", label: "Burn slow", align: "right" },
      { key: "events", label: "Events", align: "right" },
    ]),
  ].join("\n");
}

const windowOption = {
  flags: "--window <duration>",
  description: "rolling window: 15m, 1h, 24h, 7d… (default 24h)",
};

export const telemetryQueryCommand: CommandSpec = defineCommand({
  path: ["telemetry", "query"],
  summary: "Evaluate one success metric from telemetry over a rolling window",
  description:
    "Prints value, manifest target, status (met / at-risk / missed / no-data) and the error-budget burn rate over a fast (1h) and slow (6h) window.",
  arguments: [{ name: "metric", description: "success-metric id, e.g. edge-p95-latency", required: true }],
  options: [windowOption, ...common],
  examples: ["dai telemetry query edge-p95-latency", "dai telemetry query uptime --window 7d --json"],
  async run(context) {
    const metric = context.args[0];
    if (!metric)
      throw new DaiError("missing_argument", "metric: expected a success-metric id, e.g. edge-p95-latency", {
        field: "metric",
      });
    const evaluation = await evaluate(context, metric);
    const m = evaluation.metrics[0] as MetricEvaluation;
    return {
      data: m,
      text: `${m.name}: ${formatValue(m)} (target ${m.targetLabel}) — ${m.status}; burn rate ${formatBurn(m.burn.fast.burnRate)} over ${m.burn.fast.window}, ${formatBurn(m.burn.slow.burnRate)} over ${m.burn.slow.window}; ${m.events} events in ${evaluation.window}`,
      exitCode: m.status === "missed" ? 1 : 0,
    };
  },
});

export const sloCommand: CommandSpec = defineCommand({
  path: ["slo"],
  summary: "Status table of every success metric telemetry measures",
  options: [windowOption, ...common],
  examples: ["dai slo", "dai slo --window 7d", "dai slo --api-url http://127.0.0.1:8787 --json"],
  async run(context) {
    const evaluation = await evaluate(context);
    const missed = evaluation.metrics.filter((m) => m.status === "missed").length;
    return { data: evaluation, text: sloTable(evaluation), exitCode: missed > 0 ? 1 : 0 };
  },
});

export const telemetryExportCommand: CommandSpec = defineCommand({
  path: ["telemetry", "export"],
  summary: "Export the telemetry events as NDJSON or Parquet for loading elsewhere",
  options: [
    { flags: "--format <format>", description: "ndjson or parquet (default ndjson)" },
    {
      flags: "--out <path>",
      description: "output file (default <data-dir>/exports/telemetry-<date>.<format>)",
    },
    ...common,
  ],
  examples: ["dai telemetry export --format parquet --out telemetry.parquet"],
  async run(context) {
    const format = parseExportFormat(
      typeof context.options.format === "string" ? context.options.format : "ndjson",
    );
    const dataDir = commandDataDir(context);
    const out =
      typeof context.options.out === "string"
        ? resolve(context.cwd, context.options.out)
        : join(dataDir, "exports", `telemetry-${new Date().toISOString().slice(0, 10)}.${format}`);
    const { mkdir } = await import("node:fs/promises");
    await mkdir(dirname(out), { recursive: true });
    context.progress.start(`exporting telemetry as ${format}`);
    const rows = await withData(
      context,
      (warehouse) => exportEvents(warehouse, out, format),
      async (apiUrl, headers) => {
        const response = await fetch(`${apiUrl}/api/telemetry/export?format=${format}`, { headers });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        await writeFileAtomic(out, new Uint8Array(await response.arrayBuffer()));
        return undefined;
      },
    );
    context.progress.finish(rows === undefined ? "done (through the API)" : `${rows} events`);
    return {
      data: { out, format, rows: rows ?? null },
      text: `exported ${rows ?? "all"} telemetry events to ${out}`,
    };
  },
});

export const telemetryCommands: readonly CommandSpec[] = [
  telemetryQueryCommand,
  telemetryExportCommand,
  sloCommand,
];
