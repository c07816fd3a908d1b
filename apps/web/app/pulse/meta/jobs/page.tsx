import type { JobRunRecord } from "@dai/jobs";
import type { Schedule } from "@dai/manifest-schema";
import type { Metadata } from "next";
import { Refused } from "@/components/forbidden";
import { LoadFailed } from "@/components/load-failed";
import { LiveRefresh } from "@/components/pulse";
import { RunJobButton } from "@/components/run-job-button";
import { fetchApi } from "@/lib/api";
import { apiHeaders, guardPage } from "@/lib/session";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Jobs" };

type JobView = {
  name: string;
  description: string;
  schedule: Schedule;
  nextRun: string | null;
  recentRuns: JobRunRecord[];
  failures: number;
  runs: number;
};

const time = (iso: string | null | undefined) => (iso ? `${iso.replace("T", " ").slice(0, 16)} UTC` : "—");

/** Every scheduled job of the self-optimization loop: schedule, last runs, durations and failures. */
export default async function JobsPage() {
  const access = await guardPage("/pulse/meta/jobs");
  if (!access.allowed) return <Refused access={access} />;
  const loaded = await fetchApi<{ jobs: JobView[] }>("/api/jobs", await apiHeaders());
  const canRun = access.principal?.role === "admin";
  return (
    <>
      <LiveRefresh topics={["job.result"]} />
      <h1>Jobs</h1>
      <p className="lead">
        The self-optimization loop: each job runs at the time the manifest sets (UTC). A run missed while the
        platform was stopped is caught up once at start; two runs of one job never overlap.
      </p>
      {!loaded.ok ? (
        <LoadFailed what="Jobs" error={loaded.error} />
      ) : loaded.value.jobs.length === 0 ? (
        <p className="notice warn">No jobs are registered.</p>
      ) : (
        <div className="table-wrap">
          <table data-testid="jobs-table">
            <caption className="visually-hidden">Scheduled jobs with their last run</caption>
            <thead>
              <tr>
                <th scope="col">Job</th>
                <th scope="col">Schedule</th>
                <th scope="col">Next run</th>
                <th scope="col">Last run</th>
                <th scope="col">Duration</th>
                <th scope="col">Failures</th>
                {canRun ? <th scope="col">Run</th> : null}
              </tr>
            </thead>
            <tbody>
              {loaded.value.jobs.map((job) => {
                const last = job.recentRuns[0];
                return (
                  <tr key={job.name} data-job={job.name}>
                    <td>
                      <strong>{job.name}</strong>
                      <br />
                      <small>{job.description}</small>
                    </td>
                    <td>
                      <code>{job.schedule.cron}</code> {job.schedule.timezone}
                      {job.schedule.description ? (
                        <>
                          <br />
                          <small>{job.schedule.description}</small>
                        </>
                      ) : null}
                    </td>
                    <td>{time(job.nextRun)}</td>
                    <td data-outcome={last?.outcome ?? "never"}>
                      {last ? `${last.outcome} · ${time(last.endedAt)} · ${last.summary}` : "never run"}
                    </td>
                    <td>{last ? `${(last.durationMs / 1000).toFixed(1)} s` : "—"}</td>
                    <td>
                      {job.failures} of {job.runs}
                    </td>
                    {canRun ? (
                      <td>
                        <RunJobButton job={job.name} />
                      </td>
                    ) : null}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
