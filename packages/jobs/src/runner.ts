import { type Logger, type Progress, silentLogger, silentProgress } from "@dai/core";
import type { Manifest } from "@dai/manifest-schema";
import { JobLock } from "./lock.js";
import type { RegisteredJob } from "./registry.js";
import type { JobRunLog, JobRunRecord, RunTrigger } from "./run-log.js";

export interface RunnerDeps {
  dataDir: string;
  manifest: Manifest;
  runLog: JobRunLog;
  logger?: Logger;
  progress?: Progress;
  /** Called with every finished run: the API publishes it on the pulse stream and to telemetry. */
  onRunFinished?: (record: JobRunRecord) => void | Promise<void>;
  now?: () => number;
}

/**
 * Runs one job under its lock and records the run. Never throws for the job's own failure: that is
 * an outcome, recorded with its reason; a run that finds the lock held is recorded as skipped.
 */
export async function runJob(
  job: RegisteredJob,
  trigger: RunTrigger,
  deps: RunnerDeps,
  scheduledFor?: Date,
): Promise<JobRunRecord> {
  const now = deps.now ?? Date.now;
  const logger = (deps.logger ?? silentLogger).child({ job: job.name, trigger });
  const due = scheduledFor ?? new Date(now());
  const started = now();
  const lock = new JobLock(deps.dataDir, job.name);
  const base = {
    job: job.name,
    trigger,
    scheduledFor: due.toISOString(),
    startedAt: new Date(started).toISOString(),
  };
  let record: JobRunRecord;
  if (!(await lock.acquire())) {
    record = {
      ...base,
      endedAt: base.startedAt,
      durationMs: 0,
      outcome: "skipped",
      summary: "a previous run is still going",
      outputs: [],
    };
  } else {
    try {
      const outcome = await job.run({
        dataDir: deps.dataDir,
        manifest: deps.manifest,
        progress: deps.progress ?? silentProgress,
        logger,
        scheduledFor: due,
      });
      const ended = now();
      record = {
        ...base,
        endedAt: new Date(ended).toISOString(),
        durationMs: ended - started,
        outcome: "success",
        summary: outcome.summary,
        outputs: outcome.outputs ?? [...job.outputs],
        ...(outcome.metrics ? { metrics: outcome.metrics } : {}),
      };
    } catch (error) {
      const ended = now();
      const message = error instanceof Error ? error.message : String(error);
      logger.error("job failed", { error });
      record = {
        ...base,
        endedAt: new Date(ended).toISOString(),
        durationMs: ended - started,
        outcome: "failure",
        summary: message.split("\n")[0] ?? "failed",
        outputs: [],
        error: message,
      };
    } finally {
      await lock.release();
    }
  }
  await deps.runLog.append(record);
  logger.info("job run", { outcome: record.outcome, durationMs: record.durationMs, summary: record.summary });
  await deps.onRunFinished?.(record);
  return record;
}
