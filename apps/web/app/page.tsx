import { unitSuffix } from "@dai/manifest-schema";
import type { Evaluation } from "@dai/telemetry";
import type { Metadata } from "next";
import { Refused } from "@/components/forbidden";
import { LoadFailed } from "@/components/load-failed";
import { LiveRefresh } from "@/components/pulse";
import { fetchApi, type SuccessMetricList } from "@/lib/api";
import { apiHeaders, guardPage } from "@/lib/session";

const STATUS_LABEL = {
  met: "Met",
  "at-risk": "At risk",
  missed: "Missed",
  "no-data": "No data yet",
} as const;

function formatValue(value: number, unit: string): string {
  const rounded =
    Math.abs(value) >= 100 ? value.toFixed(0) : Math.abs(value) >= 10 ? value.toFixed(1) : value.toFixed(2);
  return `${rounded}${unitSuffix(unit)}`;
}

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Overview" };

const SCOPE_LABEL = { system: "System metrics", platform: "Platform metrics" } as const;

/** Every success metric of the manifest with its target, read through the API. */
export default async function OverviewPage() {
  const access = await guardPage("/");
  if (!access.allowed) return <Refused access={access} />;
  const loaded = await fetchApi<SuccessMetricList>("/api/manifest/success-metrics");
  // Live values need telemetry read access (admins, analysts); others see the targets.
  const canMeasure = access.principal?.role === "admin" || access.principal?.role === "analyst";
  const measured = canMeasure
    ? await fetchApi<Evaluation>("/api/telemetry/slo?window=24h", await apiHeaders())
    : undefined;
  const measurement = new Map(measured?.ok ? measured.value.metrics.map((m) => [m.id, m]) : []);
  return (
    <>
      <LiveRefresh topics={["metric.update"]} />
      <h1>Overview</h1>
      <p className="lead">
        The success metrics the hyper-optimization manifest sets for the platform. Each card says what the
        number means and the target it must meet; live values appear here once telemetry measures them.
      </p>
      {!loaded.ok ? (
        <LoadFailed what="Success metrics" error={loaded.error} />
      ) : loaded.value.successMetrics.length === 0 ? (
        <section className="notice warn">
          <h2>No success metrics</h2>
          <p>The manifest defines no success metrics yet.</p>
        </section>
      ) : (
        (["system", "platform"] as const).map((scope) => {
          const metrics = loaded.value.successMetrics.filter((m) => m.scope === scope);
          return (
            <section key={scope} aria-labelledby={`heading-${scope}`}>
              <h2 id={`heading-${scope}`}>
                {SCOPE_LABEL[scope]} <small>({metrics.length})</small>
              </h2>
              <ul className="cards">
                {metrics.map((metric) => (
                  <li key={metric.id} className="card" data-metric-id={metric.id}>
                    <span className="owner">{metric.owner}</span>
                    <h3>{metric.name}</h3>
                    <span className="target">
                      {metric.targetLabel} <small>target</small>
                    </span>
                    {metric.description ? <p>{metric.description}</p> : null}
                    {(() => {
                      const m = measurement.get(metric.id);
                      if (!m || m.value === null) return <span className="badge">No data yet</span>;
                      return (
                        <span className={`badge status-${m.status}`} data-status={m.status}>
                          {STATUS_LABEL[m.status]}: {formatValue(m.value, m.unit)} over 24 h
                        </span>
                      );
                    })()}
                  </li>
                ))}
              </ul>
            </section>
          );
        })
      )}
      {loaded.ok ? <p className="lead">Manifest version {loaded.value.version}.</p> : null}
    </>
  );
}
