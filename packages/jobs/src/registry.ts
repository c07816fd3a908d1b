import { DaiError, type Logger, type Progress } from "@dai/core";
import { listSchedules, type Manifest, type Schedule } from "@dai/manifest-schema";

/** What a job gets when it runs. */
export interface JobContext {
  dataDir: string;
  manifest: Manifest;
  progress: Progress;
  logger: Logger;
  /** When the run was due (the scheduled time, or now for a manual run). */
  scheduledFor: Date;
}

/** What a finished job reports: a one-line summary, the files it wrote, and figures worth keeping. */
export interface JobOutcome {
  summary: string;
  outputs?: string[];
  metrics?: Record<string, number>;
}

/**
 * A job, registered once: its name, which manifest schedule runs it, its inputs and outputs, and the
 * work. The schedule is an id from the manifest (`listSchedules`), never a cron string in code.
 */
export interface JobDefinition {
  name: string;
  description: string;
  scheduleId: string;
  inputs: readonly string[];
  outputs: readonly string[];
  run(context: JobContext): Promise<JobOutcome>;
}

export interface RegisteredJob extends JobDefinition {
  schedule: Schedule;
  schedulePath: string;
}

/** The job registry: resolves each job's schedule from the manifest when it is registered. */
export class JobRegistry {
  private readonly jobs = new Map<string, RegisteredJob>();

  constructor(private readonly manifest: Manifest) {}

  register(job: JobDefinition): this {
    if (this.jobs.has(job.name)) throw new DaiError("duplicate_job", `job "${job.name}" is registered twice`);
    const schedules = listSchedules(this.manifest);
    const found = schedules.find((s) => s.id === job.scheduleId);
    if (!found) {
      throw new DaiError(
        "unknown_schedule",
        `job "${job.name}": no manifest schedule "${job.scheduleId}"; known: ${schedules.map((s) => s.id).join(", ")}`,
      );
    }
    this.jobs.set(job.name, { ...job, schedule: found.schedule, schedulePath: found.path });
    return this;
  }

  list(): RegisteredJob[] {
    return [...this.jobs.values()];
  }

  get(name: string): RegisteredJob {
    const job = this.jobs.get(name);
    if (!job)
      throw new DaiError("unknown_job", `no job "${name}"; known: ${[...this.jobs.keys()].join(", ")}`, {
        status: 404,
      });
    return job;
  }
}
