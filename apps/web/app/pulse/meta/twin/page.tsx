import type { TwinRun } from "@dai/dealer-twin";
import type { Metadata } from "next";
import { Sparkline } from "@/components/charts";
import { DataTable } from "@/components/data-table";
import { Refused } from "@/components/forbidden";
import { LoadFailed } from "@/components/load-failed";
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
        <LoadFailed what="The runs" error={loaded.error} />
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
          <DataTable
            caption="Runs of the twin job, newest first"
            hideCaption
            testId="twin-runs"
            columns={[
              "Started (UTC)",
              "Data through",
              "Duration",
              "Dealers updated / failed",
              "Deviation",
              "Anomalies",
            ]}
            rows={[...runs].reverse().map((run) => ({
              key: run.startedAt,
              cells: [
                run.startedAt.replace("T", " ").slice(0, 19),
                run.asOf ?? "—",
                <>{(run.durationMs / 1000).toFixed(1)} s</>,
                <>
                  {run.dealers.updated} / {run.dealers.failed}
                </>,
                run.deviation.platform.value === null ? "—" : `${run.deviation.platform.value.toFixed(2)}%`,
                run.anomalies,
              ],
            }))}
          />
        </>
      )}
    </>
  );
}
