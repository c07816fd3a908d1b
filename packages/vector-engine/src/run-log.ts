import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { writeJsonAtomic } from "@dai/core";

export const RUN_LOG_FILE = "vector-runs.json";
const RUN_LOG_LIMIT = 200;

/** One `dai vectors update` run, successful or not, as kept in `vector-runs.json`. */
export interface RunLogEntry {
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  ok: boolean;
  backend: string;
  fallbackReason?: string;
  error?: string;
  dealers?: number;
  k?: number;
  silhouette?: number;
  modelVersion?: number;
  accuracy?: number | null;
  accuracyTarget?: number | null;
  /** Dealer twins whose embedding slot this run wrote. */
  twinsUpdated?: number;
}

/** Appends a run to `vector-runs.json` (atomically), keeping the last 200. */
export async function appendRunLog(dataDir: string, entry: RunLogEntry): Promise<void> {
  let runs: RunLogEntry[] = [];
  try {
    const parsed = JSON.parse(await readFile(join(dataDir, RUN_LOG_FILE), "utf8"));
    if (Array.isArray(parsed)) runs = parsed;
  } catch {
    // No log yet.
  }
  runs.push(entry);
  await writeJsonAtomic(join(dataDir, RUN_LOG_FILE), runs.slice(-RUN_LOG_LIMIT));
}
