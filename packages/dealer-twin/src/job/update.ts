import { availableParallelism } from "node:os";
import { basename, join } from "node:path";
import { type Progress, silentProgress, writeNdjsonAtomic } from "@dai/core";
import { KPI_NAMES, type KpiName } from "@dai/demo-data";
import type { DealerTwin } from "../twin/types.js";
import { appendRun, type TwinRun } from "./log.js";
import { type PoolOptions, runPool, type WorkerFactory } from "./pool.js";
import { readKpiFile } from "./read-kpis.js";
import { summarizeDeviation } from "./summary.js";
import type { TwinTask } from "./task.js";

/** File names under the data dir. */
export const TWIN_FILES = {
  twins: "dealer-twins.ndjson",
  log: "dealer-twin-log.json",
  kpis: "kpi-daily.ndjson",
} as const;

/** Hooks the host wires to publishing and telemetry; each is awaited and its failure is logged, not fatal. */
export interface TwinUpdateHooks {
  /** Called once per updated twin (e.g. publish on the event bus). */
  onTwinUpdated?(twin: DealerTwin): void | Promise<void>;
  /** Called with the platform's forecast-deviation metric and the run's other figures. */
  reportMetric?(
    name: string,
    value: number,
    attributes: Record<string, string | number>,
  ): void | Promise<void>;
}

export interface TwinUpdateOptions {
  dataDir: string;
  horizonDays: number;
  /** Success-metric target (percent) for the log, from the manifest. */
  deviationTarget?: number;
  /** Worker threads; default: available cores. 1 runs in process. */
  workers?: number;
  /** Log file name or path (only its base name is used, inside dataDir). */
  logFile?: string;
  now?: Date;
  progress?: Progress;
  hooks?: TwinUpdateHooks;
  workerFactory?: WorkerFactory;
}

/**
 * The daily job: reads every dealer's KPIs, re-forecasts them in parallel, writes
 * `dealer-twins.ndjson` atomically and appends the run to `dealer-twin-log.json`. A dealer whose
 * twin cannot be built is listed with its reason; the run itself only fails when the input file is
 * missing.
 *
 * @example await runTwinUpdate({ dataDir: "data", horizonDays: 28 })
 */
export async function runTwinUpdate(options: TwinUpdateOptions): Promise<TwinRun> {
  const startedAt = options.now ?? new Date();
  const t0 = performance.now();
  const progress = options.progress ?? silentProgress;
  const { dealers, badLines } = await readKpiFile(join(options.dataDir, TWIN_FILES.kpis));
  const now = startedAt.toISOString();
  const tasks: TwinTask[] = dealers.map((d, id) => ({
    id,
    dealerId: d.dealerId,
    rows: d.rows,
    horizonDays: options.horizonDays,
    now,
  }));
  progress.start("dealer twins", tasks.length);
  let done = 0;
  const poolOptions: PoolOptions = {
    workers: options.workers ?? availableParallelism(),
    onResult: () => progress.update(++done),
  };
  if (options.workerFactory) poolOptions.workerFactory = options.workerFactory;
  const pool = await runPool(tasks, poolOptions);
  const twins: DealerTwin[] = [];
  const failures: { dealerId: string; reason: string }[] = [];
  for (const result of pool.results) {
    if (result.ok) twins.push(result.twin);
    else failures.push({ dealerId: result.dealerId, reason: result.reason });
  }
  progress.finish(`${twins.length} updated, ${failures.length} failed`);
  await writeNdjsonAtomic(join(options.dataDir, TWIN_FILES.twins), twins);
  const hookErrors: string[] = [];
  for (const twin of twins) {
    try {
      await options.hooks?.onTwinUpdated?.(twin);
    } catch (error) {
      hookErrors.push(`onTwinUpdated(${twin.dealerId}): ${(error as Error).message}`);
    }
  }
  const models: Record<string, number> = {};
  const fallbacks: Record<string, number> = {};
  let anomalies = 0;
  for (const twin of twins) {
    for (const kpi of KPI_NAMES) {
      const k = twin.kpis[kpi as KpiName];
      const key = k.etsModel ?? k.method;
      models[key] = (models[key] ?? 0) + 1;
      if (k.fallback) fallbacks[k.method] = (fallbacks[k.method] ?? 0) + 1;
      anomalies += k.anomalies.length;
    }
  }
  const deviation = summarizeDeviation(twins, options.deviationTarget);
  const run: TwinRun = {
    startedAt: now,
    finishedAt: new Date(startedAt.getTime() + (performance.now() - t0)).toISOString(),
    durationMs: Math.round(performance.now() - t0),
    asOf:
      twins
        .map((t) => t.asOf)
        .sort()
        .at(-1) ?? null,
    horizonDays: options.horizonDays,
    dealers: { total: tasks.length, updated: twins.length, failed: failures.length },
    parallelism: { mode: pool.mode, workers: pool.workers, ...(pool.note ? { note: pool.note } : {}) },
    models: Object.fromEntries(Object.entries(models).sort((a, b) => b[1] - a[1])),
    fallbacks,
    anomalies,
    deviation,
    failures,
    badLines: { count: badLines.length, first: badLines.slice(0, 20) },
    hookErrors,
  };
  const report = options.hooks?.reportMetric;
  if (report) {
    const metrics: [string, number | null, Record<string, string | number>][] = [
      [
        "forecast-deviation",
        deviation.platform.value,
        { unit: "percent", dealers: twins.length, definition: deviation.platform.definition },
      ],
      ["dealer-twin.job.duration", run.durationMs, { unit: "ms", dealers: tasks.length }],
      ["dealer-twin.job.failures", failures.length, { unit: "count", dealers: tasks.length }],
    ];
    for (const [name, value, attributes] of metrics) {
      if (value === null) continue;
      try {
        await report(name, value, attributes);
      } catch (error) {
        run.hookErrors.push(`reportMetric(${name}): ${(error as Error).message}`);
      }
    }
  }
  // Hook failures are part of the record, so the log is written last.
  await appendRun(join(options.dataDir, basename(options.logFile ?? TWIN_FILES.log)), run);
  return run;
}
