import type { CacheBounds, CacheStats, TtlDecision } from "@dai/ai-scores";
import type { Metadata } from "next";
import { DataTable } from "@/components/data-table";
import { Refused } from "@/components/forbidden";
import { LoadFailed } from "@/components/load-failed";
import { LiveRefresh } from "@/components/pulse";
import { fetchApi } from "@/lib/api";
import { apiHeaders, guardPage } from "@/lib/session";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Cache" };

/** `GET /api/ai-scores/cache`: `ScoreApi.report()` of @dai/ai-scores and the API's edge-snapshot status. */
type Report = {
  cache: CacheStats;
  bounds: CacheBounds;
  resources: TtlDecision[];
  snapshot: { path: string; writtenAt: string | null } | null;
};

const ratio = (value: number | null) => (value === null ? "—" : `${(value * 100).toFixed(1)}%`);
function duration(seconds: number | null): string {
  if (seconds === null) return "—";
  if (seconds < 120) return `${Math.round(seconds)} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86_400).toFixed(1)} d`;
}

/**
 * The auto-tuned cache of the scores API: totals, the manifest's bounds, and per resource the tuned
 * TTL and stale-while-revalidate window, its hit ratio, how often it really changed and how hot it
 * is, with the tuner's own explanation of why the TTL is what it is.
 */
export default async function MetaCachePage() {
  const access = await guardPage("/pulse/meta/cache");
  if (!access.allowed) return <Refused access={access} />;
  const loaded = await fetchApi<Report>("/api/ai-scores/cache", await apiHeaders());
  const reads = (d: TtlDecision) => d.hits + d.staleHits + d.misses;
  const known = loaded.ok ? loaded.value.resources : [];
  // Resources only learnt from history (never read by this process) are counted, not listed.
  const resources = known.filter((d) => reads(d) > 0).sort((a, b) => reads(b) - reads(a));
  const unread = known.length - resources.length;
  return (
    <>
      <LiveRefresh topics={["score.change"]} />
      <h1>Cache</h1>
      <p className="lead">
        Each score resource's cache lifetime (TTL) is tuned from how often its content has actually changed
        and how often it is read, within the manifest's bounds
        {loaded.ok
          ? ` (${loaded.value.bounds.minTtlSeconds} s to ${duration(loaded.value.bounds.maxTtlSeconds)}, stale-while-revalidate up to ${loaded.value.bounds.staleWhileRevalidateSeconds} s)`
          : ""}
        , and purged the moment its score changes. Target: a hit ratio above 95% with no answer older than its
        TTL allows.
      </p>
      {!loaded.ok ? (
        <LoadFailed what="The cache report" error={loaded.error} />
      ) : (
        <>
          <ul className="cards" data-testid="cache-totals">
            <li className="card">
              <h3>Hit ratio</h3>
              <span className="target">{ratio(loaded.value.cache.hitRatio)}</span>
              <p>
                {loaded.value.cache.hits} fresh and {loaded.value.cache.staleHits} stale hits,{" "}
                {loaded.value.cache.misses} misses since the API started (target above 95%).
              </p>
            </li>
            <li className="card">
              <h3>Entries</h3>
              <span className="target">{loaded.value.cache.entries}</span>
              <p>
                {(loaded.value.cache.bytes / 1024).toFixed(0)} KiB of{" "}
                {(loaded.value.cache.maxBytes / 1048576).toFixed(0)} MiB; {loaded.value.cache.evictions}{" "}
                evicted, {loaded.value.cache.purges} purges on score changes.
              </p>
            </li>
            <li className="card">
              <h3>Edge snapshot</h3>
              <span className="target">
                {loaded.value.snapshot?.writtenAt ? loaded.value.snapshot.writtenAt.slice(11, 19) : "—"}
              </span>
              <p>
                {loaded.value.snapshot?.writtenAt
                  ? `Last written ${loaded.value.snapshot.writtenAt.slice(0, 10)} (UTC) with these TTLs, for the edge runtime.`
                  : "Not written by this process."}
              </p>
            </li>
          </ul>
          <DataTable
            caption={
              <>
                Tuned TTL per resource, most read first
                {unread > 0 ? ` (${unread} more known from their change history, not read yet)` : ""}
              </>
            }
            testId="cache-resources"
            columns={[
              "Resource",
              "TTL",
              "Stale-while-revalidate",
              "Hit ratio",
              "Reads / min",
              "Changes / h",
              "Typical change interval",
              "Why",
            ]}
            rowHeaders
            rows={resources.map((decision) => ({
              key: decision.resource,
              data: { "data-resource": decision.resource },
              cells: [
                <code>{decision.resource}</code>,
                <>
                  {duration(decision.ttlSeconds)}
                  {decision.boundHit ? <span className="muted"> ({decision.boundHit} bound)</span> : null}
                </>,
                duration(decision.swrSeconds),
                ratio(decision.hitRatio),
                decision.reasons.readsPerMinute.toFixed(1),
                decision.changesPerHour.toFixed(2),
                duration(decision.reasons.medianIntervalSeconds),
                <details>
                  <summary>
                    {decision.reasons.changesObserved} changes seen, heat {decision.reasons.heat.toFixed(2)}
                  </summary>
                  {decision.explanation}
                </details>,
              ],
            }))}
            empty={<p className="notice warn">No score resource has been read since the API started.</p>}
          />
        </>
      )}
    </>
  );
}
