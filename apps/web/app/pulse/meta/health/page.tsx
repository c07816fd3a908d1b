import { unitSuffix } from "@dai/manifest-schema";
import type { BurnRate, Evaluation, MetricHistory } from "@dai/telemetry";
import type { Metadata } from "next";
import { Sparkline } from "@/components/charts";
import { DataTable } from "@/components/data-table";
import { Refused } from "@/components/forbidden";
import { LoadFailed } from "@/components/load-failed";
import { LiveRefresh } from "@/components/pulse";
import { fetchApi } from "@/lib/api";
import { apiHeaders, guardPage } from "@/lib/session";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Health" };

const STATUS = { met: "Met", "at-risk": "At risk", missed: "Missed", "no-data": "No data" } as const;
const show = (value: number | null, unit: string) =>
  value === null ? "—" : `${Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(2)}${unitSuffix(unit)}`;
const burn = (b: BurnRate) => (b.burnRate === null ? "—" : `${b.burnRate.toFixed(2)}× (${b.window})`);

/** Every success metric telemetry measures: value, target, status, burn rates and the last 14 days. */
export default async function HealthPage() {
  const access = await guardPage("/pulse/meta/health");
  if (!access.allowed) return <Refused access={access} />;
  const headers = await apiHeaders();
  const [evaluation, history] = await Promise.all([
    fetchApi<Evaluation>("/api/telemetry/slo?window=24h", headers),
    fetchApi<MetricHistory[]>("/api/telemetry/history?days=14", headers),
  ]);
  const historyById = new Map(history.ok ? history.value.map((h) => [h.id, h.points]) : []);
  return (
    <>
      <LiveRefresh topics={["metric.update"]} />
      <h1>Health</h1>
      <p className="lead">
        Each success metric of the manifest, measured from telemetry over the last 24 hours against its
        target. The burn rate says how fast the error budget is spent: 1× spends it exactly over the window;
        above 1× over both windows is "at risk". Metrics without events say so — no value is made up.
      </p>
      {!evaluation.ok ? (
        <LoadFailed what="Health" error={evaluation.error} />
      ) : (
        <>
          <DataTable
            caption={<>Success metrics evaluated at {evaluation.value.evaluatedAt}</>}
            hideCaption
            testId="health-table"
            columns={["Metric", "Value (24 h)", "Target", "Status", "Burn rate fast / slow", "Last 14 days"]}
            rows={evaluation.value.metrics.map((metric) => ({
              key: metric.id,
              data: { "data-metric": metric.id },
              cells: [
                <>
                  <strong>{metric.name}</strong>
                  <br />
                  <small>
                    {metric.owner} · {metric.measuredBy}
                  </small>
                </>,
                show(metric.value, metric.unit),
                metric.targetLabel,
                <span className={`badge status-${metric.status}`}>{STATUS[metric.status]}</span>,
                <>
                  {burn(metric.burn.fast)} / {burn(metric.burn.slow)}
                </>,
                <Sparkline
                  points={historyById.get(metric.id) ?? []}
                  target={metric.target}
                  label={`${metric.name}, daily values over the last 14 days, target ${metric.targetLabel}`}
                />,
              ],
            }))}
          />
          {evaluation.value.unmeasured.length > 0 ? (
            <p className="lead">
              Measured elsewhere (not from telemetry):{" "}
              {evaluation.value.unmeasured.map((m) => m.name).join(", ")}.
            </p>
          ) : null}
        </>
      )}
    </>
  );
}
