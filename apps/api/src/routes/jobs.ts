import { DaiError } from "@dai/core";
import type { JobRegistry, JobRunLog, JobRunRecord } from "@dai/jobs";
import { nextRunOf } from "@dai/jobs";
import { clientIp, type GuardedRoutes, param } from "../access.js";
import type { AppDeps } from "../app.js";

/** The scheduled jobs as the API process runs them. */
export interface JobsDeps {
  registry: JobRegistry;
  runLog: JobRunLog;
  /** Starts a run now; resolves when it has finished. */
  runNow(name: string): Promise<JobRunRecord>;
}

const READERS = { roles: ["admin", "analyst"] } as const;
const RUNNER = { roles: ["admin"], write: true } as const;

/** `GET /api/jobs` (schedules, next and recent runs) and `POST /api/jobs/:name/run` (admins). */
export function jobRoutes(routes: GuardedRoutes, deps: AppDeps) {
  routes.get("/api/jobs", READERS, async (c) => {
    const jobs = deps.jobs;
    if (!jobs) throw new DaiError("jobs_off", "this API process does not run jobs", { status: 503 });
    const runs = await jobs.runLog.all();
    const now = new Date();
    return c.json({
      jobs: jobs.registry.list().map((job) => {
        const mine = runs.filter((r) => r.job === job.name);
        return {
          name: job.name,
          description: job.description,
          schedule: job.schedule,
          schedulePath: job.schedulePath,
          inputs: job.inputs,
          outputs: job.outputs,
          nextRun: nextRunOf(job, now)?.toISOString() ?? null,
          recentRuns: mine.slice(-10).reverse(),
          failures: mine.filter((r) => r.outcome === "failure").length,
          runs: mine.length,
        };
      }),
    });
  });

  routes.post("/api/jobs/:name/run", RUNNER, async (c) => {
    const jobs = deps.jobs;
    if (!jobs) throw new DaiError("jobs_off", "this API process does not run jobs", { status: 503 });
    const name = param(c, "name");
    jobs.registry.get(name);
    const principal = c.get("principal");
    await deps.auth.audit.record({
      actor: principal?.id ?? "?",
      action: "job.run",
      target: name,
      ip: clientIp(c),
      outcome: "success",
    });
    // Runs can take minutes: answer at once; the result lands in the run log and on the pulse stream.
    void jobs.runNow(name).catch(() => {});
    return c.json({ started: name }, 202);
  });
}
