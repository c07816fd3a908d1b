import type { DealerScore, PeerRank } from "@dai/ai-scores";
import { Sparkline } from "@/components/charts";
import { DataTable } from "@/components/data-table";
import { fetchApi } from "@/lib/api";
import { apiHeaders } from "@/lib/session";

const pct = (value: number) => `${Math.round(value * 100)}%`;
const signed = (value: number | null) =>
  value === null ? "—" : `${value > 0 ? "+" : ""}${value.toFixed(1)}`;
const number = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(3));

/**
 * A dealer's AI Visibility score explained: the number, each weighted component with the raw inputs
 * and formula it came from, the 7- and 28-day trend, rank and percentile within brand, region and
 * overall, and the DealershipAI Health index with each input's weight and value.
 */
export async function ScoreBreakdown({ dealerId }: { dealerId: string }) {
  const loaded = await fetchApi<DealerScore>(
    `/api/ai-scores/${encodeURIComponent(dealerId)}?days=90`,
    await apiHeaders(),
  );
  return (
    <section aria-labelledby="score-title" className="score-breakdown" data-testid="score-breakdown">
      <h2 id="score-title">AI Visibility score</h2>
      {!loaded.ok ? (
        <p className="notice warn">No score yet. {loaded.error}</p>
      ) : (
        <ScoreDetails score={loaded.value} />
      )}
    </section>
  );
}

function ScoreDetails({ score }: { score: DealerScore }) {
  const ranks: [string, PeerRank][] = [
    ["Brand", score.ranks.brand],
    ["Region", score.ranks.region],
    ["All dealers", score.ranks.overall],
  ];
  return (
    <>
      <p className="lead">
        0–100, as of {score.asOf}: the weighted sum of the components below (each 0–1, times its weight, times
        100). Higher means the dealer is easier to find and better presented by AI assistants.
      </p>
      <ul className="cards">
        <li className="card">
          <h3>Score</h3>
          <span className="target" data-testid="score-value">
            {score.score.toFixed(1)}
          </span>
          <Sparkline
            points={score.history.scores.map((value) => ({ value }))}
            label={`AI Visibility score over the last ${score.history.scores.length} days since ${score.history.start}`}
            width={200}
            height={40}
          />
        </li>
        <li className="card">
          <h3>Trend</h3>
          <span className="target" data-testid="score-trend">
            {signed(score.trend.delta7)} <small>in 7 days</small>
          </span>
          <p>
            {signed(score.trend.delta28)} in 28 days
            {score.trend.score28dAgo === null ? "" : ` (from ${score.trend.score28dAgo.toFixed(1)})`}.
          </p>
        </li>
        <li className="card">
          <h3>Rank</h3>
          <dl className="facts" data-testid="score-ranks">
            {ranks.map(([label, rank]) => (
              <div key={label}>
                <dt>{label}</dt>
                <dd>
                  {rank.rank} of {rank.of} (percentile {Math.round(rank.percentile)})
                </dd>
              </div>
            ))}
          </dl>
        </li>
        <li className="card">
          <h3>Health index</h3>
          <span className="target" data-testid="health-value">
            {score.health.value === null ? "—" : score.health.value.toFixed(1)}
          </span>
          <p>{score.health.note}</p>
        </li>
      </ul>
      <DataTable
        caption="Score components: weight × value × 100 = points"
        testId="score-components"
        columns={["Component", "Weight", "Value (0–1)", "Points", "Inputs", "How"]}
        rowHeaders
        rows={score.components.map((component) => ({
          key: component.key,
          cells: [
            component.label,
            pct(component.weight),
            component.value.toFixed(3),
            component.points.toFixed(1),
            Object.entries(component.inputs)
              .map(([name, value]) => `${name} ${number(value)}`)
              .join(", "),
            component.formula,
          ],
        }))}
      />
      <DataTable
        caption={
          <>
            DealershipAI Health index inputs
            {score.health.missing.length > 0
              ? ` (missing: ${score.health.missing.join(", ")}; their weight is spread over the others)`
              : ""}
          </>
        }
        testId="health-inputs"
        columns={["Input", "Weight", "Weight used", "Value (0–1)", "Source"]}
        rowHeaders
        rows={score.health.inputs.map((input) => ({
          key: input.key,
          cells: [
            input.label,
            pct(input.weight),
            pct(input.effectiveWeight),
            input.value === null ? "not available" : input.value.toFixed(3),
            input.source,
          ],
        }))}
      />
    </>
  );
}
