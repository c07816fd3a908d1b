// The edge entry (`@dai/ai-scores/edge`): Web APIs only — no Node built-ins, no @dai/core runtime.
// A test walks this file's imports to keep it that way.
import { etagOf } from "./hash.js";
import {
  type CachePolicy,
  type CacheVisibility,
  cacheHeaders,
  dealerTag,
  ifNoneMatchMatches,
  tagsForList,
} from "./headers.js";
import { applyListQuery, listResourceKey, parseListQuery } from "./query.js";
import { assertSnapshot, type ScoreSnapshot, type SnapshotDealer } from "./snapshot.js";
import { toSummary } from "./summary.js";
import type { ScoreSummary } from "./types.js";

export { cacheControl, cacheHeaders, ifNoneMatchMatches, tagsForDealer, tagsForList } from "./headers.js";
export type { ScoreListQuery, SortKey } from "./query.js";
export { listResourceKey, parseListQuery } from "./query.js";
export type { ScoreSnapshot, SnapshotDealer } from "./snapshot.js";
export { SNAPSHOT_FORMAT, SNAPSHOT_VERSION } from "./snapshot.js";

/** A framework-free response: status, header values, body text. */
export interface EdgeResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export const PROBLEM_TYPE_BASE = "https://dealershipai.dev/problems/";
const TITLES: Record<number, string> = {
  400: "Bad Request",
  404: "Not Found",
  405: "Method Not Allowed",
  503: "Service Unavailable",
};
const DEFAULT_HISTORY_DAYS = 90;
const MEMO_LIMIT = 2000;

/** An RFC 9457 problem response shaped like @dai/core's `toProblem`. */
export function problemResponse(
  status: number,
  code: string,
  detail: string,
  field?: string,
  instance?: string,
): EdgeResponse {
  const problem: Record<string, unknown> = {
    type: `${PROBLEM_TYPE_BASE}${code}`,
    title: TITLES[status] ?? "Error",
    status,
    detail,
    code,
  };
  if (instance !== undefined) problem.instance = instance;
  if (field !== undefined) problem.errors = [{ path: field, message: detail }];
  return {
    status,
    headers: { "content-type": "application/problem+json", "cache-control": "no-store" },
    body: JSON.stringify(problem),
  };
}

/**
 * Answers list and detail queries from a snapshot. Responses are memoised per query, so a hot edge
 * isolate serialises and hashes each distinct answer once per snapshot.
 *
 * @example
 * const reader = new SnapshotReader(await (await fetch(snapshotUrl)).text());
 * reader.list(new URLSearchParams("brand=Ford&limit=20")).status // 200
 */
export class SnapshotReader {
  readonly snapshot: ScoreSnapshot;
  private readonly byId = new Map<string, SnapshotDealer>();
  private readonly summaries: ScoreSummary[];
  private readonly memo = new Map<string, EdgeResponse>();

  constructor(
    input: string | unknown,
    private readonly visibility: CacheVisibility = "public",
  ) {
    const parsed: unknown = typeof input === "string" ? JSON.parse(input) : input;
    assertSnapshot(parsed);
    this.snapshot = parsed;
    for (const dealer of parsed.dealers) this.byId.set(dealer.dealerId, dealer);
    this.summaries = parsed.dealers.map(toSummary);
  }

  policy(resource: string): CachePolicy {
    return this.snapshot.cache.resources[resource] ?? this.snapshot.cache.default;
  }

  /** `GET /api/ai-scores?brand&region&groupId&sort&limit&cursor`. */
  list(params: URLSearchParams): EdgeResponse {
    const key = `list?${params.toString()}`;
    return this.memoised(key, () => {
      const parsed = parseListQuery(params);
      if (!parsed.ok)
        return problemResponse(400, "invalid_query", `${parsed.field}: ${parsed.message}`, parsed.field);
      const page = applyListQuery(this.summaries, parsed.value);
      if (!page.ok)
        return problemResponse(400, "invalid_query", `${page.field}: ${page.message}`, page.field);
      const body = JSON.stringify({ asOf: this.snapshot.asOf, ...page.value });
      const resource = listResourceKey(parsed.value);
      // The Node cache tunes each page (`…&limit=N[&cursor=…]`); fall back to the list's key, then the default.
      const { limit, cursor } = parsed.value;
      const pageKey = `${resource}&limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`;
      const policy = this.snapshot.cache.resources[pageKey] ?? this.policy(resource);
      return this.ok(body, policy, tagsForList(parsed.value));
    });
  }

  /** `GET /api/ai-scores/:dealerId?days=N` (history days, default 90). */
  detail(dealerId: string, params: URLSearchParams = new URLSearchParams()): EdgeResponse {
    const key = `detail/${dealerId}?${params.toString()}`;
    return this.memoised(key, () => {
      let days = DEFAULT_HISTORY_DAYS;
      for (const [name, value] of params) {
        if (name !== "days")
          return problemResponse(400, "invalid_query", `${name}: unknown parameter; allowed: days`, name);
        days = /^\d{1,4}$/.test(value) ? Number(value) : 0;
        if (!(days >= 1 && days <= 3660)) {
          return problemResponse(
            400,
            "invalid_query",
            `days: expected an integer from 1 to 3660, got "${value}"`,
            "days",
          );
        }
      }
      const dealer = this.byId.get(dealerId);
      if (!dealer)
        return problemResponse(404, "unknown_dealer", `no score for dealer "${dealerId}"`, "dealerId");
      const { etag: _nodeEtag, ...score } = dealer;
      const drop = Math.max(0, score.history.scores.length - days);
      const startDay = Date.parse(`${score.history.start}T00:00:00Z`) / 86_400_000 + drop;
      const history = {
        start: new Date(startDay * 86_400_000).toISOString().slice(0, 10),
        scores: score.history.scores.slice(drop),
      };
      const body = JSON.stringify({ ...score, history });
      return this.ok(body, this.policy(`score:${dealerId}`), [dealerTag(dealerId)]);
    });
  }

  private ok(body: string, policy: CachePolicy, tags: readonly string[]): EdgeResponse {
    const headers = cacheHeaders(etagOf(body), policy, tags, this.visibility);
    headers["content-type"] = "application/json; charset=utf-8";
    return { status: 200, headers, body };
  }

  private memoised(key: string, build: () => EdgeResponse): EdgeResponse {
    const known = this.memo.get(key);
    if (known) return known;
    const response = build();
    if (this.memo.size >= MEMO_LIMIT) this.memo.clear();
    this.memo.set(key, response);
    return response;
  }
}

export interface EdgeHandlerOptions {
  /** Path prefix of the routes (default `/api/ai-scores`). */
  basePath?: string;
}

/**
 * A `fetch`-style handler for an edge runtime: `GET`/`HEAD` list and detail routes, `304` on a
 * matching `If-None-Match`, problem+json for every error. `reader` may be a function so the caller
 * can swap snapshots without rebuilding the handler.
 *
 * @example export default { fetch: createEdgeHandler(() => currentReader) };
 */
export function createEdgeHandler(
  reader: SnapshotReader | (() => SnapshotReader | Promise<SnapshotReader>),
  options: EdgeHandlerOptions = {},
): (request: Request) => Promise<Response> {
  const base = (options.basePath ?? "/api/ai-scores").replace(/\/+$/, "");
  return async (request) => {
    const url = new URL(request.url);
    let current: SnapshotReader;
    try {
      current = await (typeof reader === "function" ? reader() : reader);
    } catch {
      // No snapshot (not published yet, fetch failed, wrong version): say so, retryably.
      const failed = problemResponse(
        503,
        "snapshot_unavailable",
        "the score snapshot is not available; retry shortly",
      );
      return new Response(failed.body, { status: 503, headers: { ...failed.headers, "retry-after": "5" } });
    }
    const result = route(current, request, url, base);
    const headers = new Headers(result.headers);
    if (
      result.status === 200 &&
      ifNoneMatchMatches(request.headers.get("if-none-match"), result.headers.etag ?? "")
    ) {
      headers.delete("content-type");
      return new Response(null, { status: 304, headers });
    }
    const body = request.method === "HEAD" ? null : result.body;
    return new Response(body, { status: result.status, headers });
  };
}

function route(reader: SnapshotReader, request: Request, url: URL, base: string): EdgeResponse {
  const path = url.pathname;
  if (path !== base && !path.startsWith(`${base}/`)) {
    return problemResponse(404, "not_found", `no route for ${path}`, undefined, path);
  }
  if (request.method !== "GET" && request.method !== "HEAD") {
    const response = problemResponse(405, "method_not_allowed", `${request.method} is not allowed; use GET`);
    response.headers.allow = "GET, HEAD";
    return response;
  }
  const rest = path.slice(base.length).replace(/^\/+|\/+$/g, "");
  if (rest === "") return reader.list(url.searchParams);
  let dealerId: string;
  try {
    dealerId = decodeURIComponent(rest);
  } catch {
    return problemResponse(400, "invalid_path", "dealerId: malformed percent-encoding", "dealerId", path);
  }
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(dealerId)) {
    return problemResponse(
      400,
      "invalid_path",
      "dealerId: expected 1–64 letters, digits, '-', '_' or '.'",
      "dealerId",
      path,
    );
  }
  return reader.detail(dealerId, url.searchParams);
}
