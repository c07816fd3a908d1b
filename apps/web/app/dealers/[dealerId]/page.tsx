import type { DealerTwin } from "@dai/dealer-twin";
import type { Dealer, KpiRow } from "@dai/demo-data";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { DealerTwinSection } from "@/components/dealer-twin";
import { Refused } from "@/components/forbidden";
import { ScoreBreakdown } from "@/components/score-breakdown";
import { SimilarDealers } from "@/components/similar-dealers";
import { fetchApi } from "@/lib/api";
import { apiHeaders, guardPage } from "@/lib/session";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Dealer" };

const KPI_LABELS: { key: keyof KpiRow; label: string; meaning: string }[] = [
  {
    key: "aiVisibility",
    label: "AI visibility",
    meaning: "How visible the dealer is to AI assistants, 0–100.",
  },
  { key: "leads", label: "Leads", meaning: "Sales leads received that day." },
  { key: "webSessions", label: "Web sessions", meaning: "Visits to the dealer's website that day." },
  { key: "reviewRating", label: "Review rating", meaning: "Average review rating, 1–5." },
  { key: "sentiment", label: "Sentiment", meaning: "Share of positive mentions, 0–1." },
];

export default async function DealerPage({ params }: { params: Promise<{ dealerId: string }> }) {
  const { dealerId } = await params;
  const access = await guardPage("/dealers/[dealerId]", { dealerId });
  if (!access.allowed) return <Refused access={access} />;
  const loaded = await fetchApi<{ dealer: Dealer; latest: KpiRow | null; days: number }>(
    `/api/dealers/${encodeURIComponent(dealerId)}`,
    await apiHeaders(),
  );
  if (!loaded.ok && loaded.error.includes("404")) notFound();
  if (!loaded.ok) {
    return (
      <section className="notice error" role="alert">
        <h1>Dealer could not be loaded</h1>
        <p>{loaded.error}</p>
      </section>
    );
  }
  const { dealer, latest, days } = loaded.value;
  const twin = await fetchApi<{ target: number; twin: DealerTwin }>(
    `/api/dealer-twin/${encodeURIComponent(dealerId)}`,
    await apiHeaders(),
  );
  return (
    <>
      <h1>{dealer.name}</h1>
      <dl className="facts">
        <dt>Brand</dt>
        <dd>{dealer.brand}</dd>
        <dt>Region</dt>
        <dd>
          {dealer.region} ({dealer.city}, {dealer.state}; {dealer.timezone})
        </dd>
        <dt>History</dt>
        <dd>{days} days of KPIs</dd>
      </dl>
      <h2>Latest day{latest ? ` (${latest.date})` : ""}</h2>
      {latest ? (
        <ul className="cards">
          {KPI_LABELS.map((kpi) => (
            <li className="card" key={kpi.key}>
              <h3>{kpi.label}</h3>
              <span className="target">{String(latest[kpi.key])}</span>
              <p>{kpi.meaning}</p>
            </li>
          ))}
        </ul>
      ) : (
        <p className="notice warn">No KPIs recorded for this dealer yet.</p>
      )}
      <ScoreBreakdown dealerId={dealer.id} />
      <SimilarDealers dealerId={dealer.id} />
      {twin.ok ? (
        <DealerTwinSection twin={twin.value.twin} target={twin.value.target} />
      ) : (
        <p className="notice warn">
          No twin yet: the dealer-twin job builds it daily (or run it now from Meta: jobs).
        </p>
      )}
    </>
  );
}
