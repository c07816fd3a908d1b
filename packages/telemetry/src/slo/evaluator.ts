import { join } from "node:path";
import { type Logger, silentLogger, writeJsonAtomic } from "@dai/core";
import type { Manifest } from "@dai/manifest-schema";
import type { Warehouse } from "../warehouse/types.js";
import {
  type EvaluateOptions,
  type Evaluation,
  evaluateSuccessMetrics,
  type MetricStatus,
} from "./evaluate.js";
import { parseWindow } from "./window.js";

export interface EvaluatorOptions extends Omit<EvaluateOptions, "now"> {
  /** Where `system-health.json` and `soundscape-usage.json` go (the manifest's `observability.logs`). */
  readonly dataDir: string;
  /** Called with every evaluation (the API connects it to the event bus). Errors are logged, not thrown. */
  readonly publish?: (evaluation: Evaluation) => void | Promise<void>;
  /** Default 60,000 ms. */
  readonly intervalMs?: number;
  /** Extra fields for the health snapshot, e.g. the ingest's stats. */
  readonly healthExtras?: () => Record<string, unknown>;
  readonly logger?: Logger;
  readonly now?: () => Date;
}

export interface SoundscapeUsage {
  readonly updatedAt: string;
  readonly window: string;
  readonly users: number;
  readonly optedIn: number;
  readonly optInEvents: number;
  readonly optOutEvents: number;
  /** Percent of users with a choice who switched it on; null without data. */
  readonly optInRate: number | null;
  /** Listening time reported in the window (sent with each opt-out), ms. */
  readonly listeningMs: number;
  /** Mean listening time per reported listening session, ms; null without reports. */
  readonly meanListeningMs: number | null;
}

const SEVERITY: Record<MetricStatus, number> = { "no-data": 0, met: 1, "at-risk": 2, missed: 3 };

/**
 * Runs the success-metric evaluation on an interval: publishes each evaluation and writes
 * `data/system-health.json` and `data/soundscape-usage.json` atomically. One run at a time; a run that
 * fails is logged and the previous files stay in place.
 *
 * @example const evaluator = startEvaluator({ warehouse, manifest, dataDir, publish: (e) => bus.publish("slo", e) });
 */
export function startEvaluator(options: EvaluatorOptions): {
  runOnce(): Promise<Evaluation>;
  stop(): Promise<void>;
} {
  const logger = options.logger ?? silentLogger;
  let running: Promise<Evaluation> | undefined;

  async function run(): Promise<Evaluation> {
    const now = options.now?.() ?? new Date();
    const evaluation = await evaluateSuccessMetrics({ ...options, now });
    const logs = logPaths(options.manifest, options.dataDir);
    await writeJsonAtomic(logs.system, systemHealth(evaluation, options.healthExtras?.()));
    await writeJsonAtomic(logs.audio, await soundscapeUsage(options.warehouse, options.window ?? "24h", now));
    try {
      await options.publish?.(evaluation);
    } catch (error) {
      logger.warn("publishing the success-metric evaluation failed", { error });
    }
    return evaluation;
  }

  function runOnce(): Promise<Evaluation> {
    if (running) return running;
    running = run().finally(() => {
      running = undefined;
    });
    return running;
  }

  const timer = setInterval(() => {
    runOnce().catch((error) => logger.warn("success-metric evaluation failed", { error }));
  }, options.intervalMs ?? 60_000);
  timer.unref();
  return {
    runOnce,
    async stop() {
      clearInterval(timer);
      await running?.catch(() => {});
    },
  };
}

/** The rolling health snapshot: overall status (worst measured), and each metric's essentials. */
export function systemHealth(
  evaluation: Evaluation,
  extras: Record<string, unknown> = {},
): Record<string, unknown> {
  const worst = evaluation.metrics.reduce<MetricStatus>(
    (status, metric) => (SEVERITY[metric.status] > SEVERITY[status] ? metric.status : status),
    "no-data",
  );
  return {
    updatedAt: evaluation.evaluatedAt,
    window: evaluation.window,
    status: worst,
    metrics: evaluation.metrics.map((m) => ({
      id: m.id,
      name: m.name,
      value: m.value,
      target: m.targetLabel,
      status: m.status,
      events: m.events,
      burnRateFast: m.burn.fast.burnRate,
      burnRateSlow: m.burn.slow.burnRate,
    })),
    ...extras,
  };
}

/**
 * Soundscape opt-in/out over the window, by distinct user (user id, else session id, else event id),
 * and the listening time the opt-outs reported.
 */
export async function soundscapeUsage(
  warehouse: Warehouse,
  window: string,
  now = new Date(),
): Promise<SoundscapeUsage> {
  const d = warehouse.dialect;
  const from = new Date(now.getTime() - parseWindow(window)).toISOString();
  const key = "COALESCE(user_id, session_id, id)";
  const [row = {}] = await warehouse.query(
    `SELECT COUNT(DISTINCT ${key}) AS users, COUNT(DISTINCT CASE WHEN opt = 'in' THEN ${key} END) AS opted_in,
       ${d.countIf("opt = 'in'")} AS in_events, ${d.countIf("opt = 'out'")} AS out_events,
       SUM(duration_ms) AS listening_ms, COUNT(duration_ms) AS listening_reports
     FROM ${d.eventsTable}
     WHERE kind = 'soundscape.opt' AND time >= ${d.timestamp(from)} AND time <= ${d.timestamp(now.toISOString())}`,
  );
  const users = Number(row.users ?? 0);
  const optedIn = Number(row.opted_in ?? 0);
  const listeningMs = Number(row.listening_ms ?? 0);
  const listeningReports = Number(row.listening_reports ?? 0);
  return {
    updatedAt: now.toISOString(),
    window,
    users,
    optedIn,
    optInEvents: Number(row.in_events ?? 0),
    optOutEvents: Number(row.out_events ?? 0),
    optInRate: users > 0 ? (100 * optedIn) / users : null,
    listeningMs,
    meanListeningMs: listeningReports > 0 ? listeningMs / listeningReports : null,
  };
}

function logPaths(manifest: Manifest, dataDir: string): { system: string; audio: string } {
  // The manifest names them relative to the project (`data/system-health.json`); they live in the data dir.
  const name = (path: string | undefined, fallback: string) =>
    (path ?? fallback).split("/").pop() ?? fallback;
  const logs = (manifest.observability as { logs?: { system?: string; audio?: string } }).logs;
  return {
    system: join(dataDir, name(logs?.system, "system-health.json")),
    audio: join(dataDir, name(logs?.audio, "soundscape-usage.json")),
  };
}
