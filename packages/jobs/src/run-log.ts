import { join } from "node:path";
import { appendDurably, readDurableLog } from "@dai/core";

export type RunTrigger = "schedule" | "manual" | "catch-up";

/** One run of one job, as recorded in `data/job-runs.ndjson`. */
export interface JobRunRecord {
  job: string;
  trigger: RunTrigger;
  scheduledFor: string;
  startedAt: string;
  endedAt: string;
  durationMs: number;
  outcome: "success" | "failure" | "skipped";
  summary: string;
  outputs: string[];
  metrics?: Record<string, number>;
  error?: string;
}

export const RUN_LOG_FILE = "job-runs.ndjson";

/** Append-only run log (fsynced per record), read back for `dai jobs list`, catch-up and dashboards. */
export class JobRunLog {
  private readonly path: string;

  constructor(dataDir: string) {
    this.path = join(dataDir, RUN_LOG_FILE);
  }

  append(record: JobRunRecord): Promise<void> {
    const line = `${JSON.stringify(record)}\n`;
    return appendDurably(this.path, line);
  }

  async all(): Promise<JobRunRecord[]> {
    return readDurableLog<JobRunRecord>(this.path);
  }

  /** The latest run of a job that actually ran (success or failure), if any. */
  async lastRun(job: string): Promise<JobRunRecord | undefined> {
    const runs = (await this.all()).filter((r) => r.job === job && r.outcome !== "skipped");
    return runs.at(-1);
  }
}
