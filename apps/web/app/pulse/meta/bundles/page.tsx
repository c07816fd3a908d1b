import type { Comparison, HistoryEntry, LighthouseEntry, Sizes } from "@dai/bundle-profiler";
import type { Metadata } from "next";
import { Sparkline } from "@/components/charts";
import { DataTable } from "@/components/data-table";
import { Refused } from "@/components/forbidden";
import { LoadFailed } from "@/components/load-failed";
import { LiveRefresh } from "@/components/pulse";
import { fetchApi } from "@/lib/api";
import { apiHeaders, guardPage } from "@/lib/session";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Bundles" };

/** A build as `GET /api/bundles` lists it: from its `HistoryEntry`, total and per-route first-load JS. */
type Build = Pick<HistoryEntry, "id" | "commit" | "time" | "builder"> & {
  total: Sizes;
  routes: Record<string, Sizes>;
};
type BundlesView = {
  ready: boolean;
  message: string | null;
  threshold: number;
  lighthouseThresholds: Record<string, number>;
  history: { apps: string[]; builds: Record<string, Build[]> };
  comparison: { comparedAt: string; comparisons: Comparison[] } | null;
  regressions: { key: string; title: string; message: string; kind: string; issueUrl: string | null }[];
  lighthouse: LighthouseEntry[];
};

const kb = (bytes: number | null | undefined) =>
  bytes === null || bytes === undefined ? "—" : `${(bytes / 1024).toFixed(1)} KB`;
const signedPct = (v: number | null) => (v === null ? "new" : `${v > 0 ? "+" : ""}${v.toFixed(1)}%`);

/** Bundle sizes per route over builds, the latest comparison, open regressions and Lighthouse scores. */
export default async function MetaBundlesPage() {
  const access = await guardPage("/pulse/meta/bundles");
  if (!access.allowed) return <Refused access={access} />;
  const loaded = await fetchApi<BundlesView>("/api/bundles", await apiHeaders());
  return (
    <>
      <LiveRefresh topics={["build.regression", "job.result"]} />
      <h1>Bundles</h1>
      <p className="lead">
        First-load JavaScript per route of each analysed Next.js build (brotli, what browsers download),
        compared with the baseline; growth past the manifest's threshold
        {loaded.ok ? ` (${loaded.value.threshold}%)` : ""} opens a regression and a GitHub issue. Lighthouse
        rechecks the dashboard daily.
      </p>
      {!loaded.ok ? (
        <LoadFailed what="The bundle history" error={loaded.error} />
      ) : !loaded.value.ready ? (
        <section className="notice warn" data-testid="bundles-empty">
          <h2>No build analysed yet</h2>
          <p>
            Build the dashboard, then analyse and compare it: <code>pnpm --filter @dai/web build</code>, then{" "}
            <code>dai bundle analyze</code> and <code>dai bundle compare</code>. The CI workflow
            hyper-perf-check does this on every push.
          </p>
        </section>
      ) : (
        <BundleSections view={loaded.value} />
      )}
    </>
  );
}

function BundleSections({ view }: { view: BundlesView }) {
  return (
    <>
      <section aria-labelledby="regressions-title">
        <h2 id="regressions-title">Open regressions</h2>
        {view.regressions.length === 0 ? (
          <p className="status-met" data-testid="no-regressions">
            None: the latest comparison is within {view.threshold}% everywhere.
          </p>
        ) : (
          <ul className="regression-list" data-testid="regressions">
            {view.regressions.map((r) => (
              <li key={r.key}>
                <span className="status-missed">{r.message}</span>{" "}
                {r.issueUrl ? (
                  <a href={r.issueUrl} rel="noreferrer">
                    GitHub issue
                  </a>
                ) : (
                  <span className="muted">(no GitHub repository configured: set GITHUB_REPOSITORY)</span>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      {view.comparison ? (
        <section aria-labelledby="comparison-title">
          <h2 id="comparison-title">Latest comparison</h2>
          <p className="muted">Compared {view.comparison.comparedAt.replace("T", " ").slice(0, 16)} UTC.</p>
          {view.comparison.comparisons.map((c) => (
            <div className="table-wrap" key={c.app}>
              <table data-testid={`comparison-${c.app}`}>
                <caption>
                  {c.app}: {c.current.commit} against{" "}
                  {c.baseline ? c.baseline.commit : "no baseline (first build)"} · total {kb(c.total.after)} (
                  {signedPct(c.total.percent)}), {c.metric} sizes, threshold {c.thresholdPercent}%
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Route</th>
                    <th scope="col">Before</th>
                    <th scope="col">After</th>
                    <th scope="col">Change</th>
                    <th scope="col">Flagged</th>
                  </tr>
                </thead>
                <tbody>
                  {c.routes
                    .filter((r) => r.status !== "unchanged")
                    .map((r) => (
                      <tr key={r.route}>
                        <td>{r.route}</td>
                        <td>{kb(r.firstLoadJs.before)}</td>
                        <td>{kb(r.firstLoadJs.after)}</td>
                        <td>{signedPct(r.firstLoadJs.percent)}</td>
                        <td>{r.flagged ? <span className="status-missed">yes</span> : "no"}</td>
                      </tr>
                    ))}
                </tbody>
              </table>
              {c.routes.every((r) => r.status === "unchanged") ? (
                <p className="muted">No route changed size.</p>
              ) : null}
            </div>
          ))}
        </section>
      ) : (
        <p className="notice warn">
          No comparison yet: run <code>dai bundle compare</code>.
        </p>
      )}
      <section aria-labelledby="history-title">
        <h2 id="history-title">Size history per route</h2>
        {view.history.apps.map((app) => {
          const builds = view.history.builds[app] ?? [];
          const latest = builds.at(-1);
          const routes = Object.keys(latest?.routes ?? {}).sort();
          return (
            <DataTable
              key={app}
              caption={
                <>
                  {app}: first-load JS per route over the last {builds.length} builds (brotli), oldest to
                  newest
                </>
              }
              testId={`history-${app}`}
              columns={["Route", "History", "Latest"]}
              rows={[
                {
                  key: "(all assets)",
                  cells: [
                    <strong>All assets</strong>,
                    <Sparkline
                      points={builds.map((b) => ({ value: b.total.brotli }))}
                      label={`${app}: total brotli size per build`}
                    />,
                    kb(latest?.total.brotli),
                  ],
                },
                ...routes.map((route) => ({
                  key: route,
                  data: { "data-route": route },
                  cells: [
                    route,
                    <Sparkline
                      points={builds
                        .filter((b) => b.routes[route])
                        .map((b) => ({ value: (b.routes[route] as Sizes).brotli }))}
                      label={`${app} ${route}: first-load JS (brotli) per build`}
                    />,
                    kb(latest?.routes[route]?.brotli),
                  ],
                })),
              ]}
            />
          );
        })}
      </section>
      <LighthouseSection view={view} />
    </>
  );
}

function LighthouseSection({ view }: { view: BundlesView }) {
  const urls = [...new Set(view.lighthouse.map((l) => l.url))];
  const categories = [...new Set(view.lighthouse.flatMap((l) => Object.keys(l.scores)))].sort();
  return (
    <section aria-labelledby="lighthouse-title">
      <h2 id="lighthouse-title">Lighthouse scores over time</h2>
      {urls.length === 0 ? (
        <p className="muted">
          No Lighthouse run yet: <code>dai perf lighthouse</code> (or the daily{" "}
          <code>lighthouse-recheck</code> job) audits the running dashboard.
        </p>
      ) : (
        <DataTable
          caption="Median scores (0–100) per audited page; the dashed line is the manifest's threshold"
          testId="lighthouse"
          columns={["Page", "Category", "Over time", "Latest", "Threshold"]}
          rows={urls.flatMap((url) =>
            categories.flatMap((category) => {
              const runs = view.lighthouse.filter((l) => l.url === url && l.scores[category] !== undefined);
              if (runs.length === 0) return [];
              const latest = (runs.at(-1)?.scores[category] ?? 0) * 100;
              const threshold = view.lighthouseThresholds[category];
              return [
                {
                  key: `${url}-${category}`,
                  cells: [
                    new URL(url).pathname,
                    category,
                    <Sparkline
                      points={runs.map((r) => ({ value: (r.scores[category] as number) * 100 }))}
                      target={threshold === undefined ? undefined : threshold * 100}
                      label={`${category} score of ${new URL(url).pathname} per run`}
                    />,
                    <span
                      className={
                        threshold === undefined
                          ? ""
                          : latest >= threshold * 100
                            ? "status-met"
                            : "status-missed"
                      }
                    >
                      {Math.round(latest)}
                    </span>,
                    threshold === undefined ? "—" : Math.round(threshold * 100),
                  ],
                },
              ];
            }),
          )}
        />
      )}
    </section>
  );
}
