import { mulberry32 } from "@dai/core";
import { type Dealer, generateDealerKpis, generateDealers, type KpiRow, toDayNumber } from "@dai/demo-data";
import { tagsForDealer, tagsForList } from "./headers.js";
import { applyListQuery, listResourceKey, parseListQuery, type ScoreListQuery } from "./query.js";
import { ResourceCache } from "./resource-cache.js";
import { ScoreStore } from "./store.js";
import { TtlTuner } from "./ttl-tuner.js";
import type { CacheBounds } from "./types.js";

export interface ReplayOptions {
  bounds: CacheBounds;
  dealers?: number;
  days?: number;
  requestsPerSecond?: number;
  zipfExponent?: number;
  /** Purge cache tags when scores change (false: a cache that ignores purges, like a tag-less CDN). */
  purge?: boolean;
  seed?: number;
  /** Seed the tuner with the last week of daily changes from the store (what a booting API knows). */
  seedHistory?: boolean;
}

export interface ReplayResult {
  requests: number;
  hitRatio: number;
  /** Largest (age − (TTL + SWR)) of any served response, seconds; ≤ 0 means the bound held. */
  worstAgeOverBound: number;
  /** Responses whose body predates the resource's latest change. */
  outdated: number;
  /** Largest time an outdated body was served after the change, seconds. */
  worstOutdatedSeconds: number;
  scoreUpdates: number;
  tuner: TtlTuner;
}

/** Demo dealers and their KPIs for `days` days ending 2026-06-30 (deterministic). */
export function demoInputs(
  dealerCount: number,
  days: number,
  seed = 42,
): { dealers: Dealer[]; rows: KpiRow[] } {
  const dealers = generateDealers(mulberry32(seed), dealerCount);
  const last = toDayNumber("2026-06-30");
  const rows: KpiRow[] = [];
  for (const dealer of dealers)
    for (const row of generateDealerKpis(dealer, last - days + 1, last, seed)) rows.push(row);
  return { dealers, rows };
}

/** A Zipf(s) sampler over n ranks: inverse CDF by binary search. */
export function zipf(n: number, s: number, random: () => number): () => number {
  const cdf = new Float64Array(n);
  let total = 0;
  for (let k = 1; k <= n; k++) cdf[k - 1] = total += 1 / k ** s;
  return () => {
    const u = random() * total;
    let low = 0;
    let high = n - 1;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((cdf[mid] as number) < u) low = mid + 1;
      else high = mid;
    }
    return low;
  };
}

/**
 * A traffic replay for tests, the benchmark and capacity what-ifs on a dashboard. Replays Poisson traffic (Zipf over dealers for details, Zipf over a few list queries) against a
 * ScoreStore + TtlTuner + ResourceCache on a simulated clock. Every day at 06:00 the next day's KPI
 * rows arrive, every score changes, and (with `purge`) the changed dealers' tags are purged.
 */
export function replayTraffic(options: ReplayOptions): ReplayResult {
  const days = options.days ?? 3;
  const dealerCount = options.dealers ?? 200;
  const rate = options.requestsPerSecond ?? 2;
  const random = mulberry32(options.seed ?? 7);
  const history = 60;
  const { dealers, rows } = demoInputs(dealerCount, history + Math.ceil(days));
  const dates = [...new Set(rows.map((r) => r.date))].sort();
  const cutoff = dates[history - 1] as string;
  const store = new ScoreStore({ historyDays: 30 });
  store.setInputs({ dealers, rows: rows.filter((r) => r.date <= cutoff) });

  let now = Date.UTC(2026, 6, 1, 0, 0, 0);
  const start = now;
  const tuner = new TtlTuner({ bounds: options.bounds, clock: () => now });
  const cache = new ResourceCache({ tuner, clock: () => now });

  // Ground truth for the checks: when each resource's content last changed, and when each body was made.
  const changedAt = new Map<string, number>();
  const madeAt = new Map<string, number>();
  const order = [...dealers];
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j] as Dealer, order[i] as Dealer];
  }
  const pickDealer = zipf(order.length, options.zipfExponent ?? 1.1, random);
  const brands = [...new Set(dealers.map((d) => d.brand))];
  const regions = [...new Set(dealers.map((d) => d.region))];
  const queries: ScoreListQuery[] = [
    { sort: "-score", limit: 50 },
    ...regions.map((region) => ({ region, sort: "-score" as const, limit: 50 })),
    ...brands.map((brand) => ({ brand, sort: "-score" as const, limit: 50 })),
    { sort: "-delta7", limit: 50 },
  ].map((q) => {
    const parsed = parseListQuery(Object.fromEntries(Object.entries(q).map(([k, v]) => [k, String(v)])));
    if (!parsed.ok) throw new Error(parsed.message);
    return parsed.value;
  });
  const pickQuery = zipf(queries.length, 1, random);

  interface Target {
    resource: string;
    tags: string[];
    compute: () => string;
  }
  const track = (resource: string, tags: string[], compute: () => string): Target => ({
    resource,
    tags,
    compute: () => {
      madeAt.set(resource, now);
      return compute();
    },
  });
  const details = order.map((d) =>
    track(`score:${d.id}`, tagsForDealer({ dealerId: d.id, ...d }), () =>
      JSON.stringify(store.get(d.id)?.score),
    ),
  );
  const lists = queries.map((query) =>
    track(listResourceKey(query), tagsForList(query), () => {
      const page = applyListQuery(store.summaries(), query);
      return JSON.stringify(page.ok ? page.value : null);
    }),
  );
  if (options.seedHistory) {
    // Data arrives at 06:00 UTC; the store's history says on which days each score changed.
    const weekAgo = start - 7 * 86_400_000;
    for (const d of dealers) {
      const times = store.changeTimes(d.id, 6).filter((t) => t >= weekAgo && t <= start);
      tuner.seedChanges(`score:${d.id}`, times, start);
    }
    for (const list of lists) {
      tuner.seedChanges(
        list.resource,
        [1, 2, 3, 4, 5, 6, 7].map((k) => start - k * 86_400_000 + 6 * 3_600_000),
        start,
      );
    }
  }
  let requests = 0;
  let worstAgeOverBound = Number.NEGATIVE_INFINITY;
  let outdated = 0;
  let worstOutdatedSeconds = 0;
  let scoreUpdates = 0;
  let nextUpdate = start + 6 * 3_600_000;
  let day = history;
  const end = start + days * 86_400_000;

  while (now < end) {
    now += (-Math.log(1 - random()) / rate) * 1000;
    while (nextUpdate <= now && day < dates.length) {
      const date = dates[day++] as string;
      const update = store.appendRows(rows.filter((r) => r.date === date));
      scoreUpdates++;
      for (const change of update.changed) changedAt.set(`score:${change.dealerId}`, nextUpdate);
      for (const query of queries) changedAt.set(listResourceKey(query), nextUpdate);
      if (options.purge !== false) cache.purgeTags(update.tags, nextUpdate);
      nextUpdate += 86_400_000;
    }
    const target = random() < 0.9 ? (details[pickDealer()] as Target) : (lists[pickQuery()] as Target);
    const previousBody = madeAt.get(target.resource);
    const response = cache.read(target.resource, target.tags, target.compute, now);
    requests++;
    // Independent of the cache's own bookkeeping: a miss serves a body made now; a hit or stale hit
    // serves the body made at the previous compute (a stale hit refreshes only after serving).
    const bodyMadeAt = response.status === "miss" ? now : (previousBody as number);
    const age = (now - bodyMadeAt) / 1000;
    worstAgeOverBound = Math.max(worstAgeOverBound, age - (response.ttlSeconds + response.swrSeconds));
    const lastChange = changedAt.get(target.resource);
    if (lastChange !== undefined && bodyMadeAt < lastChange) {
      outdated++;
      worstOutdatedSeconds = Math.max(worstOutdatedSeconds, (now - lastChange) / 1000);
    }
  }
  const stats = cache.stats();
  return {
    requests,
    hitRatio: stats.hitRatio ?? 0,
    worstAgeOverBound,
    outdated,
    worstOutdatedSeconds,
    scoreUpdates,
    tuner,
  };
}
