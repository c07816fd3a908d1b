import type { Metadata } from "next";
import { Refused } from "@/components/forbidden";
import { fetchApi, type SuccessMetricList } from "@/lib/api";
import { guardPage } from "@/lib/session";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Overview" };

const SCOPE_LABEL = { system: "System metrics", platform: "Platform metrics" } as const;

/** Every success metric of the manifest with its target, read through the API. */
export default async function OverviewPage() {
  const access = await guardPage("/");
  if (!access.allowed) return <Refused access={access} />;
  const loaded = await fetchApi<SuccessMetricList>("/api/manifest/success-metrics");
  return (
    <>
      <h1>Overview</h1>
      <p className="lead">
        The success metrics the hyper-optimization manifest sets for the platform. Each card says what the
        number means and the target it must meet; live values appear here once telemetry measures them.
      </p>
      {!loaded.ok ? (
        <section className="notice error" role="alert" aria-labelledby="load-error">
          <h2 id="load-error">Success metrics could not be loaded</h2>
          <p>{loaded.error}</p>
        </section>
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
                    <span className="badge">No data yet</span>
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
