import type { TwinRun } from "@dai/dealer-twin";
import type { Metadata } from "next";
import { Sparkline } from "@/components/charts";
import { Refused } from "@/components/forbidden";
import { LiveRefresh } from "@/components/pulse";
import { fetchApi } from "@/lib/api";
import { apiHeaders, guardPage } from "@/lib/session";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Twin job" };

/** The daily twin job: each run, and the platform's forecast deviation against the manifest's target. */
export default async function TwinJobPage() {
  const access = await guardPage("/pulse/meta/twin");
  if (!access.allowed) return <Refused access={access} />;
  const loaded = await fetchApi<{ target: number; runs: TwinRun[] }>(
    "/api/dealer-twin/runs",
    await apiHeaders(),
  );
  const runs = loaded.ok ? loaded.value.runs : [];
  const deviations = runs
    .filter((r) => r.deviation.platform.value !== null)
    .map((r) => ({ value: r.deviation.platform.value as number }));
  return (
    <>
      <LiveRefresh topics={["job.result"]} />
      <h1>Twin job</h1>
      <p className="lead">
        The daily re-forecast of every dealer (01:00 UTC): how long it took, how many dealers it updated or
        failed, and the platform's forecast deviation against the manifest's target
        {loaded.ok ? ` (under ${loaded.value.target}%)` : ""}.
      </p>
      {!loaded.ok ? (
        <section className="notice error" role="alert">
          <h2>The runs could not be loaded</h2>
          <p>{loaded.error}</p>
        </section>
      ) : runs.length === 0 ? (
        <p className="notice warn">The twin job has not run yet (run it now from Meta: jobs).</p>
      ) : (
        <>
          <h2>Forecast deviation per run</h2>
          <Sparkline
            points={deviations}
            target={loaded.value.target}
            label={`Platform forecast deviation per run against the ${loaded.value.target}% target`}
            width={480}
            height={80}
          />
          <div className="table-wrap">
            <table data-testid="twin-runs">
              <caption className="visually-hidden">Runs of the twin job, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Started (UTC)</th>
                  <th scope="col">Data through</th>
                  <th scope="col">Duration</th>
                  <th scope="col">Dealers updated / failed</th>
                  <th scope="col">Deviation</th>
                  <th scope="col">Anomalies</th>
                </tr>
              </thead>
              <tbody>
                {[...runs].reverse().map((run) => (
                  <tr key={run.startedAt}>
                    <td>{run.startedAt.replace("T", " ").slice(0, 19)}</td>
                    <td>{run.asOf ?? "—"}</td>
                    <td>{(run.durationMs / 1000).toFixed(1)} s</td>
                    <td>
                      {run.dealers.updated} / {run.dealers.failed}
                    </td>
                    <td>
                      {run.deviation.platform.value === null
                        ? "—"
                        : `${run.deviation.platform.value.toFixed(2)}%`}
                    </td>
                    <td>{run.anomalies}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </>
  );
}
