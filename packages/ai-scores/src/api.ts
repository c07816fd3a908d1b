import { type EdgeResponse, problemResponse } from "./edge.js";
import { type CacheVisibility, dealerTag, ifNoneMatchMatches, tagsForList } from "./headers.js";
import { applyListQuery, listResourceKey, parseListQuery } from "./query.js";
import { type CachedResponse, type ResourceCache, responseHeaders } from "./resource-cache.js";
import type { ScoreStore, ScoreUpdate } from "./store.js";

export interface ScoreApiOptions {
  store: ScoreStore;
  cache: ResourceCache;
  /** Access control decides: `private` for per-user responses, `public` for CDN-cacheable ones. */
  visibility?: CacheVisibility;
  /** Default days of history in a detail response (default 90). */
  historyDays?: number;
}

const MAX_HISTORY_DAYS = 3660;

/** The caller's scope for a list: a stable key and the dealers it may see (null = every dealer). */
export interface ListScope {
  key: string;
  dealerIds: readonly string[] | null;
}

/**
 * The Node side of `GET /api/ai-scores[/:dealerId]`, framework-free: validation, the in-process cache
 * with tuned TTLs, ETag/304, cache headers and problem+json errors, in the same `{ status, headers,
 * body }` shape as the edge reader. It subscribes to the store and purges the changed dealers' tags.
 *
 * @example
 * const api = new ScoreApi({ store, cache });
 * app.get("/api/ai-scores/:id", (c) => {
 *   const r = api.detail(c.req.param("id"), new URL(c.req.url).searchParams, c.req.header("if-none-match"));
 *   return c.body(r.body || null, r.status, r.headers);
 * });
 */
export class ScoreApi {
  readonly store: ScoreStore;
  readonly cache: ResourceCache;
  private readonly visibility: CacheVisibility;
  private readonly historyDays: number;
  readonly unsubscribe: () => void;

  constructor(options: ScoreApiOptions) {
    this.store = options.store;
    this.cache = options.cache;
    this.visibility = options.visibility ?? "public";
    this.historyDays = options.historyDays ?? 90;
    this.unsubscribe = this.store.subscribe((update: ScoreUpdate) => {
      this.cache.purgeTags(update.tags);
    });
  }

  /**
   * `GET /api/ai-scores`. `scope` restricts the list to a caller's dealers (`dealerIds: null` = all);
   * scoped lists are cached under their own key (`scope.key`), so no entry serves two scopes.
   */
  list(params: URLSearchParams, ifNoneMatch?: string | null, scope?: ListScope): EdgeResponse {
    const parsed = parseListQuery(params);
    if (!parsed.ok)
      return problemResponse(400, "invalid_query", `${parsed.field}: ${parsed.message}`, parsed.field);
    const query = parsed.value;
    // Validate the cursor before caching: an invalid one must not become a cached 200.
    const probe = applyListQuery([], query);
    if (!probe.ok)
      return problemResponse(400, "invalid_query", `${probe.field}: ${probe.message}`, probe.field);
    const allowed = scope?.dealerIds ? new Set(scope.dealerIds) : null;
    const resource = `${allowed && scope ? `[${scope.key}]` : ""}${listResourceKey(query)}`;
    const pageKey = `${resource}&limit=${query.limit}${query.cursor ? `&cursor=${query.cursor}` : ""}`;
    const response = this.cache.read(pageKey, tagsForList(query), () => {
      const all = this.store.summaries();
      const visible = allowed ? all.filter((item) => allowed.has(item.dealerId)) : all;
      const page = applyListQuery(visible, query);
      return JSON.stringify({
        asOf: this.store.asOf,
        ...(page.ok ? page.value : { items: [], total: 0, nextCursor: null }),
      });
    });
    return this.respond(response, ifNoneMatch);
  }

  detail(dealerId: string, params: URLSearchParams, ifNoneMatch?: string | null): EdgeResponse {
    let days = this.historyDays;
    for (const [name, value] of params) {
      if (name !== "days")
        return problemResponse(400, "invalid_query", `${name}: unknown parameter; allowed: days`, name);
      days = /^\d{1,4}$/.test(value) ? Number(value) : 0;
      if (!(days >= 1 && days <= MAX_HISTORY_DAYS)) {
        return problemResponse(
          400,
          "invalid_query",
          `days: expected an integer from 1 to ${MAX_HISTORY_DAYS}, got "${value}"`,
          "days",
        );
      }
    }
    const found = this.store.get(dealerId);
    if (!found)
      return problemResponse(404, "unknown_dealer", `no score for dealer "${dealerId}"`, "dealerId");
    const resource = days === this.historyDays ? `score:${dealerId}` : `score:${dealerId}?days=${days}`;
    const response = this.cache.read(resource, [dealerTag(dealerId)], () => {
      const score = this.store.get(dealerId)?.score ?? found.score;
      const drop = Math.max(0, score.history.scores.length - days);
      const startDay = Date.parse(`${score.history.start}T00:00:00Z`) / 86_400_000 + drop;
      const start = new Date(startDay * 86_400_000).toISOString().slice(0, 10);
      return JSON.stringify({ ...score, history: { start, scores: score.history.scores.slice(drop) } });
    });
    return this.respond(response, ifNoneMatch);
  }

  /** The `/pulse/meta/cache` view: cache totals and every resource's TTL decision with its reasons. */
  report() {
    return {
      cache: this.cache.stats(),
      bounds: this.cache.tuner.bounds,
      resources: this.cache.tuner.decisions(),
    };
  }

  private respond(response: CachedResponse, ifNoneMatch: string | null | undefined): EdgeResponse {
    const headers = responseHeaders(response, this.visibility);
    if (ifNoneMatchMatches(ifNoneMatch, response.etag)) return { status: 304, headers, body: "" };
    headers["content-type"] = "application/json; charset=utf-8";
    return { status: 200, headers, body: response.body };
  }
}
