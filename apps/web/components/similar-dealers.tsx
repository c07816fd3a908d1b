import type { SimilarDealer } from "@dai/vector-engine";
import Link from "next/link";
import { DataTable } from "@/components/data-table";
import { fetchApi } from "@/lib/api";
import { apiHeaders } from "@/lib/session";

type SimilarView = {
  dealerId: string;
  generatedAt: string;
  cluster: { id: number; size: number; recommendedTone: string; toneSource?: string } | null;
  similar: SimilarDealer[];
};

/**
 * The dealers most similar to this one by behaviour embedding (cosine), its cluster and the Copilot
 * tone recommended for that cluster. Dealers outside the viewer's scope are shown anonymised
 * (brand and region only), as the API returns them.
 */
export async function SimilarDealers({ dealerId }: { dealerId: string }) {
  const loaded = await fetchApi<SimilarView>(
    `/api/dealers/${encodeURIComponent(dealerId)}/similar?k=5`,
    await apiHeaders(),
  );
  return (
    <section aria-labelledby="similar-title" className="similar-dealers" data-testid="similar-dealers">
      <h2 id="similar-title">Similar dealers</h2>
      {!loaded.ok ? (
        <p className="notice warn">
          No similarity yet. {loaded.error} Dealer behaviour is embedded and clustered daily at 01:30 UTC (
          <code>dai vectors update</code>).
        </p>
      ) : (
        <>
          <p className="lead">
            Dealers whose behaviour (dashboard use, Copilot feedback, KPI profile) is closest to this one's,
            by cosine similarity of their embeddings (1 = identical behaviour). Computed{" "}
            {loaded.value.generatedAt.slice(0, 10)}.
          </p>
          {loaded.value.cluster ? (
            <dl className="facts">
              <dt>Cluster</dt>
              <dd data-testid="dealer-cluster">
                #{loaded.value.cluster.id} ({loaded.value.cluster.size} dealers)
              </dd>
              <dt>Recommended Copilot tone</dt>
              <dd data-testid="recommended-tone">
                {loaded.value.cluster.recommendedTone}
                <span className="muted">
                  {" "}
                  (
                  {loaded.value.cluster.toneSource === "tone-weights"
                    ? "from the trained tone weights"
                    : "from this cluster's feedback"}
                  )
                </span>
              </dd>
            </dl>
          ) : null}
          <DataTable
            caption="Most similar dealers, most similar first"
            hideCaption
            testId="similar-table"
            columns={["Dealer", "Brand", "Region", "Cluster", "Similarity"]}
            rows={loaded.value.similar.map((entry, index) => ({
              key: entry.inScope ? entry.dealerId : `anonymous-${index}`,
              cells: [
                entry.inScope ? (
                  <Link href={`/dealers/${entry.dealerId}`}>{entry.name}</Link>
                ) : (
                  <span className="muted" data-anonymised="true">
                    {entry.label}
                  </span>
                ),
                entry.brand,
                entry.region,
                <>#{entry.clusterId}</>,
                entry.similarity.toFixed(3),
              ],
            }))}
            empty={<p className="muted">No other dealer has behaviour to compare yet.</p>}
          />
          {loaded.value.similar.some((entry) => !entry.inScope) ? (
            <p className="muted">Dealers outside your access are shown by brand and region only.</p>
          ) : null}
        </>
      )}
    </section>
  );
}
