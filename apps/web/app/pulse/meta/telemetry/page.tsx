import { type Manifest, successMetric } from "@dai/manifest-schema";
import type { IngestStats, TelemetryOverview } from "@dai/telemetry";
import type { Metadata } from "next";
import { BarList, Sparkline } from "@/components/charts";
import { DataTable } from "@/components/data-table";
import { Refused } from "@/components/forbidden";
import { LoadFailed } from "@/components/load-failed";
import { LiveRefresh } from "@/components/pulse";
import { fetchApi } from "@/lib/api";
import { apiHeaders, guardPage } from "@/lib/session";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Telemetry" };

/** The telemetry hub itself: how much arrives, how fresh it is, what it is, and how often the API fails. */
export default async function TelemetryPage() {
  const access = await guardPage("/pulse/meta/telemetry");
  if (!access.allowed) return <Refused access={access} />;
  const headers = await apiHeaders();
  const [overview, manifest, ingest] = await Promise.all([
    fetchApi<TelemetryOverview>("/api/telemetry/overview?window=24h&bucket=hour", headers),
    fetchApi<Manifest>("/api/manifest"),
    fetchApi<IngestStats>("/api/telemetry/ingest", headers),
  ]);
  const freshness = manifest.ok ? successMetric(manifest.value, "data-freshness") : undefined;
  return (
    <>
      <LiveRefresh topics={["metric.update"]} />
      <h1>Telemetry</h1>
      <p className="lead">
        Everything the platform measures arrives here: API requests, Web Vitals, frame rates, pulse-stream
        deliveries, job runs, Copilot feedback. Events are durable before they are acknowledged and reach the
        warehouse within seconds.
      </p>
      {!overview.ok ? (
        <LoadFailed what="Telemetry" error={overview.error} />
      ) : (
        <>
          <ul className="cards" data-testid="telemetry-cards">
            <li className="card">
              <span className="owner">Events, last 24 h</span>
              <span className="target">{overview.value.events.toLocaleString("en-US")}</span>
              <p>Every event stored in the warehouse over the window.</p>
            </li>
            <li className="card">
              <span className="owner">Freshness, p95</span>
              <span className="target">
                {overview.value.freshnessP95Ms === null
                  ? "—"
                  : `${(overview.value.freshnessP95Ms / 1000).toFixed(1)} s`}
              </span>
              <p>
                From acknowledgement to visible in metric queries. Target{" "}
                {freshness ? freshness.targetLabel : "from the manifest"}.
              </p>
            </li>
            <li className="card">
              <span className="owner">API error rate</span>
              <span className="target">
                {overview.value.errorRate === null ? "—" : `${(overview.value.errorRate * 100).toFixed(2)}%`}
              </span>
              <p>Share of API requests answered with a 5xx.</p>
            </li>
          </ul>
          <h2>Ingest per hour</h2>
          <Sparkline
            points={overview.value.ingest.map((b) => ({ value: b.events }))}
            label="Events ingested per hour over the last 24 hours"
            width={480}
            height={80}
          />
          <h2>Event mix</h2>
          <BarList
            items={overview.value.byKind.map((k) => ({ name: k.kind, value: k.events }))}
            label="Events by kind, last 24 hours"
          />
        </>
      )}
      <h2>Loader</h2>
      {!ingest.ok ? (
        <p className="muted">The ingest's counters are not available: {ingest.error}</p>
      ) : (
        <>
          {ingest.value.rejectedFiles > 0 ? (
            <section className="notice warn" data-testid="rejected-spool-files">
              <h3>Spool files set aside</h3>
              <p>
                The warehouse refused {ingest.value.rejectedFiles} spool file(s) as content; they are kept in
                the spool's <code>rejected/</code> folder and their events are not in the metrics.
              </p>
            </section>
          ) : null}
          <DataTable
            caption="The ingest since this API process started"
            testId="ingest-counters"
            columns={["Measure", "Value"]}
            rowHeaders
            rows={ingestRows(ingest.value).map(([measure, value]) => ({
              key: measure,
              cells: [measure, value],
            }))}
          />
        </>
      )}
    </>
  );
}

const count = (n: number) => n.toLocaleString("en-US");

function ingestRows(stats: IngestStats): [string, string][] {
  return [
    ["Events acknowledged", count(stats.acceptedEvents)],
    ["Events refused (invalid)", count(stats.rejectedEvents)],
    ["Events loaded into the warehouse", count(stats.loadedEvents)],
    ["Duplicates skipped (retries)", count(stats.duplicateEvents)],
    ["Spool files waiting", count(stats.backlogFiles)],
    ["Failed loads (retried)", count(stats.loadErrors)],
    ["Spool files set aside", count(stats.rejectedFiles)],
    ["Last load", stats.lastLoadAt ? `${stats.lastLoadAt} (${count(stats.lastLoadMs)} ms)` : "none yet"],
    ["Longest load", `${count(stats.maxLoadMs)} ms`],
  ];
}
