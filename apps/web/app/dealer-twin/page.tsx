import type { TwinsSummary } from "@dai/dealer-twin";
import type { Metadata } from "next";
import Link from "next/link";
import { DataTable } from "@/components/data-table";
import { Refused } from "@/components/forbidden";
import { LoadFailed } from "@/components/load-failed";
import { LiveRefresh } from "@/components/pulse";
import { fetchApi } from "@/lib/api";
import { apiHeaders, guardPage } from "@/lib/session";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Dealer twin" };

const pct = (value: number | null) => (value === null ? "—" : `${value.toFixed(2)}%`);

/** The twins of the dealers the user may see: forecast deviation against the target, and recent anomalies. */
export default async function DealerTwinPage() {
  const access = await guardPage("/dealer-twin");
  if (!access.allowed) return <Refused access={access} />;
  const loaded = await fetchApi<{ target: number; summary: TwinsSummary }>(
    "/api/dealer-twin",
    await apiHeaders(),
  );
  return (
    <>
      <LiveRefresh topics={["twin.update"]} />
      <h1>Dealer twin</h1>
      <p className="lead">
        Each dealer's twin forecasts its KPIs daily (01:00 UTC). Forecast deviation is the error of the
        forecast made 28 days ago on the period's total, averaged over the KPIs; open a dealer for its charts.
      </p>
      {!loaded.ok ? (
        <LoadFailed what="Twins" error={loaded.error} />
      ) : loaded.value.summary.dealers === 0 ? (
        <p className="notice warn">
          No twins yet: the dealer-twin job builds them daily (or run it now from Meta: jobs).
        </p>
      ) : (
        <>
          <ul className="cards" data-testid="twin-summary">
            <li className="card">
              <span className="owner">Forecast deviation (platform)</span>
              <span className="target">{pct(loaded.value.summary.platform.value)}</span>
              <p>Target under {loaded.value.target}%.</p>
            </li>
            <li className="card">
              <span className="owner">Dealers meeting the target</span>
              <span className="target">
                {loaded.value.summary.distribution.meetingTarget} / {loaded.value.summary.dealers}
              </span>
              <p>
                Median {pct(loaded.value.summary.distribution.median)}, 90th percentile{" "}
                {pct(loaded.value.summary.distribution.p90)}.
              </p>
            </li>
            <li className="card">
              <span className="owner">Anomalies, last 28 days</span>
              <span className="target">{loaded.value.summary.anomalies.total}</span>
              <p>Actuals outside the 95% interval of the earlier forecast.</p>
            </li>
          </ul>
          <h2>Latest anomalies</h2>
          <DataTable
            caption="The most recent anomalies"
            hideCaption
            columns={["Dealer", "KPI", "Date", "Actual", "Expected"]}
            rows={loaded.value.summary.anomalies.latest.slice(0, 20).map((a) => ({
              key: `${a.dealerId}-${a.kpi}-${a.date}`,
              cells: [
                <Link href={`/dealers/${a.dealerId}`}>{a.dealerId}</Link>,
                a.kpi,
                a.date,
                a.actual,
                a.expected.toFixed(1),
              ],
            }))}
          />
        </>
      )}
    </>
  );
}
