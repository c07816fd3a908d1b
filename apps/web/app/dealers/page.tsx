import type { ListPage, ScoreSummary } from "@dai/ai-scores";
import type { Dealer } from "@dai/demo-data";
import type { Metadata } from "next";
import Link from "next/link";
import { Sparkline } from "@/components/charts";
import { Refused } from "@/components/forbidden";
import { LoadFailed } from "@/components/load-failed";
import { LiveRefresh } from "@/components/pulse";
import { fetchApi, type Loaded } from "@/lib/api";
import { apiHeaders, guardPage } from "@/lib/session";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Dealers" };

/** A page of `GET /api/ai-scores`: the store's `asOf` and a `ListPage` of `ScoreSummary` rows. */
type ScorePage = ListPage & { asOf: string };
type SortField = "name" | "score" | "delta7" | "delta28" | "health";
const COLUMNS: { field: SortField | null; label: string; numeric?: boolean }[] = [
  { field: "name", label: "Dealer" },
  { field: null, label: "Brand" },
  { field: null, label: "Region" },
  { field: "score", label: "AI Visibility score", numeric: true },
  { field: "delta7", label: "Δ 7 d", numeric: true },
  { field: "delta28", label: "Δ 28 d", numeric: true },
  { field: "health", label: "Health index", numeric: true },
  { field: null, label: "Brand rank", numeric: true },
  { field: null, label: "Last 28 days" },
];
const SORTS = new Set(["name", "score", "delta7", "delta28", "health"]);

/** Every page of the score list for these filters, in the API's order (≤ 200 a page). */
async function allScores(
  query: URLSearchParams,
  headers: Record<string, string>,
): Promise<Loaded<ScorePage>> {
  const items: ScoreSummary[] = [];
  let cursor: string | null = null;
  let first: ScorePage | undefined;
  do {
    const params = new URLSearchParams(query);
    params.set("limit", "200");
    if (cursor) params.set("cursor", cursor);
    const page: Loaded<ScorePage> = await fetchApi<ScorePage>(`/api/ai-scores?${params}`, headers);
    if (!page.ok) return page;
    first ??= page.value;
    items.push(...page.value.items);
    cursor = page.value.nextCursor;
  } while (cursor);
  return { ok: true, value: { ...(first as ScorePage), items, nextCursor: null } };
}

const signed = (value: number | null) =>
  value === null ? "—" : `${value > 0 ? "+" : ""}${value.toFixed(1)}`;
const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/**
 * The dealers the signed-in user may see (all for admins and analysts, their own for dealer staff)
 * with their AI Visibility scores: sortable by column, filterable by brand and region (plain links
 * and a GET form, so it works without JavaScript), with a 28-day sparkline per dealer.
 */
export default async function DealersPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const access = await guardPage("/dealers");
  if (!access.allowed) return <Refused access={access} />;
  const params = await searchParams;
  const headers = await apiHeaders();
  const rawSort = one(params.sort) ?? "-score";
  const sort = SORTS.has(rawSort.replace(/^-/, "")) ? rawSort : "-score";
  const brand = one(params.brand) || undefined;
  const region = one(params.region) || undefined;
  const loaded = await fetchApi<{ dealers: Dealer[]; count: number }>("/api/dealers", headers);
  const filter = new URLSearchParams({ sort });
  if (brand) filter.set("brand", brand);
  if (region) filter.set("region", region);
  const scores = loaded.ok ? await allScores(filter, headers) : undefined;
  const dealers = loaded.ok ? loaded.value.dealers : [];
  const brands = [...new Set(dealers.map((d) => d.brand))].sort();
  const regions = [...new Set(dealers.map((d) => d.region))].sort();
  const byId = new Map(dealers.map((d) => [d.id, d]));
  const matching = dealers.filter(
    (d) => (brand === undefined || d.brand === brand) && (region === undefined || d.region === region),
  );
  // Rows in the API's sort order; a dealer without a score yet (no KPIs) goes last.
  const scored = scores?.ok ? scores.value.items.filter((s) => byId.has(s.dealerId)) : [];
  const scoredIds = new Set(scored.map((s) => s.dealerId));
  const rows: { dealer: Dealer; score: ScoreSummary | undefined }[] = [
    ...scored.map((s) => ({ dealer: byId.get(s.dealerId) as Dealer, score: s })),
    ...matching.filter((d) => !scoredIds.has(d.id)).map((dealer) => ({ dealer, score: undefined })),
  ];
  const href = (next: Record<string, string | undefined>) => {
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries({ sort, brand, region, ...next }))
      if (value) query.set(name, value);
    return `/dealers?${query}`;
  };
  return (
    <>
      <LiveRefresh topics={["score.change"]} />
      <h1>Dealers</h1>
      <p className="lead">
        The dealerships you can see, with their AI Visibility score (0–100: how visible the dealer is to AI
        assistants, weighted with reputation, sentiment, conversion and momentum), its change over 7 and 28
        days, the DealershipAI Health index (0–100) and the rank within the brand. Higher is better; each
        dealer's page explains its score.
        {scores?.ok && scores.value.asOf ? ` Scores as of ${scores.value.asOf}.` : ""}
      </p>
      {!loaded.ok ? (
        <LoadFailed what="Dealers" error={loaded.error} />
      ) : loaded.value.count === 0 ? (
        <section className="notice warn">
          <h2>No dealers</h2>
          <p>There are no dealers in your scope yet. The demo data is created by `dai seed`.</p>
        </section>
      ) : (
        <>
          <form method="get" action="/dealers" className="form" aria-label="Filter dealers">
            <input type="hidden" name="sort" value={sort} />
            <label>
              Brand{" "}
              <select name="brand" defaultValue={brand ?? ""} data-testid="filter-brand">
                <option value="">All brands</option>
                {brands.map((b) => (
                  <option key={b} value={b}>
                    {b}
                  </option>
                ))}
              </select>
            </label>{" "}
            <label>
              Region{" "}
              <select name="region" defaultValue={region ?? ""} data-testid="filter-region">
                <option value="">All regions</option>
                {regions.map((r) => (
                  <option key={r} value={r}>
                    {r}
                  </option>
                ))}
              </select>
            </label>{" "}
            <button type="submit">Filter</button>
            {brand || region ? (
              <>
                {" "}
                <Link href={href({ brand: "", region: "" })}>Clear filters</Link>
              </>
            ) : null}
          </form>
          {scores && !scores.ok ? (
            <p className="notice warn" role="status">
              Scores could not be loaded ({scores.error}); the dealers are listed without them.
            </p>
          ) : null}
          {rows.length === 0 ? (
            <p className="notice warn">No dealer in your scope matches these filters.</p>
          ) : (
            <div className="table-wrap">
              <table data-testid="dealers-table">
                <caption className="visually-hidden">
                  {rows.length} dealers in your scope, sorted by {sort.replace(/^-/, "")}{" "}
                  {sort.startsWith("-") ? "descending" : "ascending"}
                </caption>
                <thead>
                  <tr>
                    {COLUMNS.map((column) => {
                      const active = column.field !== null && sort.replace(/^-/, "") === column.field;
                      const descending = sort.startsWith("-");
                      // Numbers sort best-first (descending) on the first click, names A→Z.
                      const next =
                        column.field === null
                          ? undefined
                          : active
                            ? descending
                              ? column.field
                              : `-${column.field}`
                            : column.numeric
                              ? `-${column.field}`
                              : column.field;
                      return (
                        <th
                          key={column.label}
                          scope="col"
                          aria-sort={active ? (descending ? "descending" : "ascending") : undefined}
                        >
                          {next === undefined ? (
                            column.label
                          ) : (
                            <Link href={href({ sort: next })} data-sort={column.field ?? undefined}>
                              {column.label}
                              {active ? (descending ? " ↓" : " ↑") : ""}
                            </Link>
                          )}
                        </th>
                      );
                    })}
                  </tr>
                </thead>
                <tbody>
                  {rows.map(({ dealer, score }) => (
                    <tr key={dealer.id} data-dealer-id={dealer.id} data-score={score?.score ?? ""}>
                      <td>
                        <Link href={`/dealers/${dealer.id}`}>{dealer.name}</Link>
                      </td>
                      <td>{dealer.brand}</td>
                      <td>{dealer.region}</td>
                      <td>{score ? score.score.toFixed(1) : "—"}</td>
                      <td>{score ? signed(score.delta7) : "—"}</td>
                      <td>{score ? signed(score.delta28) : "—"}</td>
                      <td>{score?.health == null ? "—" : score.health.toFixed(1)}</td>
                      <td>
                        {score ? `${score.brandRank} (percentile ${Math.round(score.brandPercentile)})` : "—"}
                      </td>
                      <td>
                        {score ? (
                          <Sparkline
                            points={score.sparkline.map((value) => ({ value }))}
                            label={`${dealer.name}: AI Visibility score over the last ${score.sparkline.length} days, from ${score.sparkline[0]?.toFixed(1)} to ${score.sparkline.at(-1)?.toFixed(1)}`}
                            width={120}
                            height={28}
                          />
                        ) : (
                          <span className="muted">No score yet</span>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </>
  );
}
