import { Cron } from "croner";
import type { JobRegistry, RegisteredJob } from "./registry.js";
import { type RunnerDeps, runJob } from "./runner.js";

/** The clock the scheduler reads and sets timers on; tests pass a fake one. */
export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => {
    const timer = setTimeout(callback, ms);
    timer.unref();
    return timer;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

// Node timers overflow past 2^31-1 ms (~24.8 days); longer waits are re-armed in steps.
const MAX_TIMER_MS = 2_147_483_000;

/** The next time a job is due after `from`, in the schedule's time zone (UTC in the manifest). */
export function nextRunOf(job: RegisteredJob, from: Date): Date | undefined {
  return (
    new Cron(job.schedule.cron, { paused: true, timezone: job.schedule.timezone }).nextRun(from) ?? undefined
  );
}

/**
 * Runs every registered job at its manifest time. At start, a job whose last run predates a due time
 * that has passed (the process was stopped) is caught up once, not once per missed slot. Runs of one
 * job never overlap: the runner's lock refuses the second.
 */
export class Scheduler {
  private readonly timers = new Map<string, unknown>();
  private stopped = false;

  constructor(
    private readonly registry: JobRegistry,
    private readonly deps: RunnerDeps,
    private readonly clock: Clock = systemClock,
  ) {}

  async start(): Promise<void> {
    this.stopped = false;
    const now = new Date(this.clock.now());
    for (const job of this.registry.list()) {
      const last = await this.deps.runLog.lastRun(job.name);
      if (last) {
        const dueAfterLast = nextRunOf(job, new Date(last.scheduledFor));
        if (dueAfterLast && dueAfterLast.getTime() <= now.getTime()) {
          await runJob(job, "catch-up", { ...this.deps, now: () => this.clock.now() }, dueAfterLast);
        }
      }
      this.arm(job);
    }
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers.values()) this.clock.clearTimeout(timer);
    this.timers.clear();
  }

  /** When each job runs next. */
  nextRuns(): { job: string; at: Date | undefined }[] {
    const now = new Date(this.clock.now());
    return this.registry.list().map((job) => ({ job: job.name, at: nextRunOf(job, now) }));
  }

  private arm(job: RegisteredJob): void {
    if (this.stopped) return;
    const next = nextRunOf(job, new Date(this.clock.now()));
    if (!next) return;
    const wait = next.getTime() - this.clock.now();
    const timer = this.clock.setTimeout(
      () => {
        if (this.clock.now() < next.getTime()) {
          this.arm(job);
          return;
        }
        void runJob(job, "schedule", { ...this.deps, now: () => this.clock.now() }, next).finally(() =>
          this.arm(job),
        );
      },
      Math.min(Math.max(wait, 0), MAX_TIMER_MS),
    );
    this.timers.set(job.name, timer);
  }
}
