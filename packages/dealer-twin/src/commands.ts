import { createReadStream } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import {
  type CommandSpec,
  commandDataDir,
  DATA_DIR_OPTION,
  DaiError,
  defineCommand,
  formatTable,
  resolveManifestPath,
} from "@dai/core";
import { KPI_NAMES } from "@dai/demo-data";
import { loadManifest } from "@dai/manifest-schema";
import { runTwinUpdate, TWIN_FILES, type TwinUpdateHooks } from "./job/update.js";
import type { DealerTwin } from "./twin/types.js";

function workersOption(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1 || number > 256) {
    throw new DaiError(
      "invalid_option",
      `--workers: expected an integer from 1 to 256, got "${String(value)}"`,
      {
        field: "workers",
      },
    );
  }
  return number;
}

const fmt = (value: number | null | undefined, digits = 1) =>
  value === null || value === undefined ? "–" : value.toFixed(digits);

/**
 * `dai twin update`; `hooks` let the host publish each twin and report the platform metric.
 *
 * @example createTwinUpdateCommand({ onTwinUpdated: (twin) => bus.publish("twin", twin) })
 */
export function createTwinUpdateCommand(hooks: TwinUpdateHooks = {}): CommandSpec {
  return defineCommand({
    path: ["twin", "update"],
    summary: "Re-forecast every dealer's KPIs and record the run (the daily twin job)",
    description:
      "Reads kpi-daily.ndjson, builds each dealer's twin on all cores, writes dealer-twins.ndjson atomically and appends the run (duration, models, deviation, failures) to dealer-twin-log.json. The horizon comes from the manifest (systems.dealerTwin.forecastHorizonDays).",
    options: [
      DATA_DIR_OPTION,
      {
        flags: "--workers <count>",
        description: "worker threads (default: available cores; 1 = in process)",
      },
    ],
    examples: ["dai twin update", "dai twin update --workers 1 --json"],
    async run({ options, env, cwd, progress }) {
      const manifest = await loadManifest(resolveManifestPath(env, cwd));
      const twinSystem = manifest.systems.dealerTwin;
      const dataDir = commandDataDir({ options, env, cwd });
      const workers = workersOption(options.workers);
      const run = await runTwinUpdate({
        dataDir,
        horizonDays: twinSystem.forecastHorizonDays,
        deviationTarget: twinSystem.successMetric.target,
        logFile: twinSystem.logFile,
        progress,
        hooks,
        ...(workers === undefined ? {} : { workers }),
      });
      const platform = run.deviation.platform;
      const lines = [
        `updated ${run.dealers.updated}/${run.dealers.total} dealers in ${(run.durationMs / 1000).toFixed(1)}s (${run.parallelism.mode}, ${run.parallelism.workers} workers), data as of ${run.asOf}`,
        `forecast deviation ${fmt(platform.value, 2)}% (target < ${platform.target}%): ${platform.meetsTarget ? "met" : "not met"}`,
        formatTable(
          KPI_NAMES.map((kpi) => {
            const d = run.deviation.byKpi[kpi];
            return {
              kpi,
              mape7: `${fmt(d.mape7)}%`,
              mape28: `${fmt(d.mape28)}%`,
              smape28: `${fmt(d.smape28)}%`,
              total28: `${fmt(d.totalError28)}%`,
            };
          }),
          [
            { key: "kpi", label: "KPI" },
            { key: "mape7", label: "MAPE 7d", align: "right" },
            { key: "mape28", label: "MAPE 28d", align: "right" },
            { key: "smape28", label: "sMAPE 28d", align: "right" },
            { key: "total28", label: "28-day total error", align: "right" },
          ],
        ),
      ];
      if (run.failures.length > 0) {
        lines.push(
          `${run.failures.length} dealers failed:`,
          ...run.failures.map((f) => `  ${f.dealerId}: ${f.reason}`),
        );
      }
      if (run.badLines.count > 0) lines.push(`${run.badLines.count} unusable lines skipped (see the log)`);
      return {
        data: run,
        text: lines.join("\n"),
        exitCode: run.dealers.updated === 0 && run.dealers.total > 0 ? 1 : 0,
      };
    },
  });
}

/** `dai twin update` without hooks. */
export const twinUpdateCommand: CommandSpec = createTwinUpdateCommand();

/**
 * Every twin of the last run, streamed from `dealer-twins.ndjson` (for the summary route).
 *
 * @example twinsSummary(await readAllTwins(dataDir), 5)
 */
export async function readAllTwins(dataDir: string): Promise<DealerTwin[]> {
  const stream = await openTwins(dataDir);
  const twins: DealerTwin[] = [];
  for await (const line of createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY })) {
    if (line.trim() !== "") twins.push(JSON.parse(line) as DealerTwin);
  }
  return twins;
}

async function openTwins(dataDir: string) {
  const path = join(dataDir, TWIN_FILES.twins);
  const stream = createReadStream(path, { encoding: "utf8" });
  try {
    await new Promise<void>((resolve, reject) => {
      stream.once("open", () => resolve());
      stream.once("error", reject);
    });
  } catch (error) {
    throw new DaiError("twins_not_found", `cannot read ${path}: run \`dai twin update\` first`, {
      status: 404,
      cause: error,
    });
  }
  return stream;
}

/** Finds one dealer's twin by streaming `dealer-twins.ndjson`; `undefined` when absent. */
export async function readDealerTwin(dataDir: string, dealerId: string): Promise<DealerTwin | undefined> {
  const stream = await openTwins(dataDir);
  const needle = `{"dealerId":${JSON.stringify(dealerId)},`;
  for await (const line of createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY })) {
    if (line.startsWith(needle)) {
      stream.destroy();
      return JSON.parse(line) as DealerTwin;
    }
  }
  return undefined;
}

export const twinShowCommand: CommandSpec = defineCommand({
  path: ["twin", "show"],
  summary: "Show one dealer's twin: models, next week's forecast, deviation and anomalies",
  arguments: [{ name: "dealerId", description: "dealer id, e.g. dlr-001", required: true }],
  options: [DATA_DIR_OPTION],
  examples: ["dai twin show dlr-001", "dai twin show dlr-001 --json"],
  async run({ args, options, env, cwd }) {
    const dealerId = args[0];
    if (!dealerId)
      throw new DaiError("missing_argument", "dealerId: required, e.g. `dai twin show dlr-001`", {
        field: "dealerId",
      });
    const twin = await readDealerTwin(commandDataDir({ options, env, cwd }), dealerId);
    if (!twin)
      throw new DaiError("unknown_dealer", `no twin for dealer "${dealerId}"`, {
        status: 404,
        field: "dealerId",
      });
    const rows = KPI_NAMES.map((kpi) => {
      const k = twin.kpis[kpi];
      const week = k.forecast.mean.slice(0, 7);
      const average = week.reduce((s, v) => s + v, 0) / Math.max(week.length, 1);
      return {
        kpi,
        model: k.etsModel ?? k.method,
        week: fmt(average, 2),
        interval: `${fmt(k.forecast.lower95[6] ?? null, 2)} … ${fmt(k.forecast.upper95[6] ?? null, 2)}`,
        mape7: `${fmt(k.deviation.last7.mape)}%`,
        mape28: `${fmt(k.deviation.last28.mape)}%`,
        anomalies: String(k.anomalies.length),
      };
    });
    const text = [
      `dealer ${twin.dealerId}: data as of ${twin.asOf}, updated ${twin.updatedAt}, horizon ${twin.horizonDays} days`,
      formatTable(rows, [
        { key: "kpi", label: "KPI" },
        { key: "model", label: "model (AICc)" },
        { key: "week", label: "next 7d mean", align: "right" },
        { key: "interval", label: "95% day 7" },
        { key: "mape7", label: "MAPE 7d", align: "right" },
        { key: "mape28", label: "MAPE 28d", align: "right" },
        { key: "anomalies", label: "anomalies", align: "right" },
      ]),
      ...KPI_NAMES.map((kpi) => `${kpi}: ${twin.kpis[kpi].why}`),
    ].join("\n");
    return { data: twin, text };
  },
});

/** Every command this package contributes to `dai`. */
export const twinCommands: readonly CommandSpec[] = [twinUpdateCommand, twinShowCommand];
