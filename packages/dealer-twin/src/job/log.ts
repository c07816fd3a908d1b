import { readFile } from "node:fs/promises";
import { parseJson, writeJsonAtomic } from "@dai/core";
import type { DeviationSummary } from "./summary.js";

/** One run of the daily twin job as recorded in `dealer-twin-log.json`. */
export interface TwinRun {
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  /** Last day of data seen. */
  asOf: string | null;
  horizonDays: number;
  dealers: { total: number; updated: number; failed: number };
  parallelism: { mode: "worker_threads" | "in-process"; workers: number; note?: string };
  /** How often each model was chosen (ETS model by AICc, or the fallback method) over dealer × KPI. */
  models: Record<string, number>;
  fallbacks: Record<string, number>;
  anomalies: number;
  deviation: DeviationSummary;
  failures: { dealerId: string; reason: string }[];
  badLines: { count: number; first: { line: number; reason: string }[] };
  hookErrors: string[];
}

export interface TwinLog {
  runs: TwinRun[];
}

/** Runs kept in the log; older ones roll off so the file stays small. */
export const MAX_LOG_RUNS = 400;

/** Reads the run log; a missing file is an empty log. */
export async function readTwinLog(path: string): Promise<TwinLog> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { runs: [] };
    throw error;
  }
  const parsed = parseJson(text, path) as Partial<TwinLog>;
  return { runs: Array.isArray(parsed.runs) ? parsed.runs : [] };
}

/** Appends a run and rewrites the log atomically (read, append, temp file + rename). */
export async function appendRun(path: string, run: TwinRun): Promise<void> {
  const log = await readTwinLog(path);
  log.runs.push(run);
  if (log.runs.length > MAX_LOG_RUNS) log.runs.splice(0, log.runs.length - MAX_LOG_RUNS);
  await writeJsonAtomic(path, log);
}
