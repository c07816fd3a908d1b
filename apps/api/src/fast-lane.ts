import type { IncomingMessage, ServerResponse } from "node:http";
import { type ApiKeyStore, authorize } from "@dai/auth";
import type { Logger } from "@dai/core";
import { Hono, type MiddlewareHandler } from "hono";
import {
  API_KEY_RECHECK_MS,
  bearerToken,
  type KeyUseAudit,
  PRIVATE_ANSWER_HEADERS,
  type RouteTable,
} from "./access.js";
import type { ApiKeyBudget } from "./middleware/rate-limit.js";
import { elapsedMs, recordRequest, type TrackRequest } from "./middleware/request-log.js";
import { tracingActive } from "./observability/index.js";

export interface FastLaneDeps {
  table: RouteTable;
  apiKeys: ApiKeyStore;
  keyUse: KeyUseAudit;
  budget: ApiKeyBudget;
  logger: Logger;
  track?: TrackRequest;
  /** The app's response-header middleware (secure headers): its headers are captured once and reused. */
  staticHeaders: MiddlewareHandler;
}

/** What the fast lane did: `served` it answered itself, `passed` it handed to the full app. */
export interface FastLaneStats {
  served: number;
  passed: number;
  /** Route matches remembered by path (verified callers' short paths only). */
  rememberedPaths: number;
}

export interface FastLane {
  /** Answers the request and returns true, or returns false having touched nothing: the app answers it. */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
  /** Resolves once the lane is ready; until then every request is passed on. */
  ready: Promise<void>;
  stats(): FastLaneStats;
}

/**
 * The Node entry's fast lane for the hottest reads (routes that registered a `HotRead`, today
 * `GET /api/ai-scores/:dealerId`), answered straight on `node:http` without building Fetch
 * `Request`/`Response` objects or running the middleware chain — Hono's cost per request is larger than
 * the read itself. It serves only the plain success case of an API-key caller, with the app's own
 * pieces: the route table and access rule, the key store, the key's rate-limit budget, the request
 * log and latency telemetry, the same headers. Everything else — no key or a bad one, a denied scope,
 * a spent budget, a key-use audit line due, a key file to re-read, a browser (`Origin`), a caller's
 * own request id, a non-GET, a 4xx, tracing on — is passed to the full app untouched, which answers
 * it exactly as it would without the lane. `fast-lane.test.ts` holds both answers side by side.
 */
export function createFastLane(deps: FastLaneDeps): FastLane {
  const stats = { served: 0, passed: 0 };
  // Headers as one flat [name, value, …] list: Node takes it as is, where building a record per
  // request (spreads of hyphenated keys) cost more than the read itself.
  let shared: string[] | undefined;
  let sharedNames = new Set<string>();
  const ready = captureHeaders(deps.staticHeaders).then(
    (headers) => {
      const all = { ...headers, ...PRIVATE_ANSWER_HEADERS };
      shared = Object.entries(all).flat();
      sharedNames = new Set(Object.keys(all));
    },
    // Without its headers the lane stays closed and the app answers everything.
    (error: unknown) =>
      deps.logger.error("fast lane disabled: could not capture the app's headers", { error }),
  );
  const bodies = new EncodedBodies();
  // Route matches of hot reads by path (the same few hundred paths are asked for over and over),
  // remembered only for paths the lane answered, so nobody can fill the memo with paths of their own.
  const matches = new Map<string, NonNullable<ReturnType<RouteTable["match"]>>>();
  const remember = (path: string, match: NonNullable<ReturnType<RouteTable["match"]>>) => {
    if (path.length > 128 || matches.has(path)) return;
    if (matches.size >= 4096) matches.clear();
    matches.set(path, match);
  };

  /** The read's answer when the lane can give it exactly as the app would; undefined to pass it on. */
  const prepare = (req: IncomingMessage) => {
    const headers = req.headers;
    const url = req.url ?? "";
    if (
      shared === undefined ||
      req.method !== "GET" ||
      headers.authorization === undefined ||
      headers.origin !== undefined ||
      headers["x-request-id"] !== undefined ||
      tracingActive() ||
      !deps.apiKeys.isFresh(API_KEY_RECHECK_MS) ||
      // Only requests whose URL the app takes verbatim (@hono/node-server's own plain case: a simple
      // Host, an origin-form path without dot segments or percent-encoding), so both see one path.
      !SIMPLE_HOST.test(headers.host ?? "") ||
      !SIMPLE_TARGET.test(url) ||
      DOT_SEGMENT.test(url) ||
      // Node keeps the first of several Authorization headers, the app sees them joined: let it refuse.
      authorizationHeaders(req.rawHeaders) !== 1
    )
      return undefined;
    const queryAt = url.indexOf("?");
    const path = queryAt < 0 ? url : url.slice(0, queryAt);
    const match = matches.get(path) ?? deps.table.match("GET", path);
    const read = match && deps.table.hotReads.get(match.route);
    if (!match || !read || "public" in match.rule) return undefined;
    const principal = deps.apiKeys.verify(bearerToken(headers.authorization));
    if (!principal || deps.keyUse.due(principal.id) || deps.budget.exhausted(principal.id)) return undefined;
    try {
      authorize(match.rule, principal, match.params);
    } catch {
      return undefined;
    }
    const query = new URLSearchParams(queryAt < 0 ? "" : url.slice(queryAt + 1));
    const answer = read(match.params, query, headers["if-none-match"]);
    if (answer.status !== 200 && answer.status !== 304) return undefined;
    remember(path, match);
    return { answer, principal, path, route: match.route };
  };

  const serve = (req: IncomingMessage, res: ServerResponse): boolean => {
    const started = performance.now();
    let prepared: ReturnType<typeof prepare>;
    try {
      prepared = prepare(req);
    } catch (error) {
      // Whatever failed here fails again in the app, which answers it with its problem document.
      deps.logger.warn("fast lane passed a request on after an error", { error });
      return false;
    }
    if (!prepared || shared === undefined) return false;
    const { answer, principal, path, route } = prepared;
    // Counted only now: every request that reaches this line is answered here.
    const spent = deps.budget.spend(principal.id);
    const requestId = globalThis.crypto.randomUUID();
    const out = shared.slice();
    // The app's later middleware overrides the route's headers of the same name (cache-control).
    for (const name in answer.headers)
      if (!sharedNames.has(name)) out.push(name, answer.headers[name] as string);
    for (const name in spent.headers) out.push(name, spent.headers[name] as string);
    out.push("x-request-id", requestId);
    if (answer.status === 200) {
      const bytes = bodies.encode(answer.headers.etag, answer.body);
      out.push("content-length", String(bytes.length));
      res.writeHead(200, out);
      res.end(bytes);
    } else {
      res.writeHead(answer.status, out);
      res.end();
    }
    recordRequest(deps.logger, deps.track, {
      method: "GET",
      path,
      route,
      status: answer.status,
      durationMs: elapsedMs(started),
      requestId,
    });
    return true;
  };

  return {
    ready,
    stats: () => ({ ...stats, rememberedPaths: matches.size }),
    handle(req, res) {
      const served = serve(req, res);
      if (served) stats.served++;
      else stats.passed++;
      return served;
    },
  };
}

/**
 * @hono/node-server takes the URL verbatim only for such a Host and an origin-form target without
 * percent-encoding or dot segments: copies of its `reValidHost`, `reValidRequestUrl` and `reDotSegment`
 * (src/url.ts, version 2.1.9). `fast-lane.test.ts` sends the cases they separate through both.
 */
const SIMPLE_HOST = /^[a-z0-9._-]+(?::(?:[1-5]\d{3,4}|[6-9]\d{3}))?$/;
const SIMPLE_TARGET = /^\/[!#$&-;=?-[\]_a-z~]*$/;
const DOT_SEGMENT = /\/\.\.?(?:[/?#]|$)/;

function authorizationHeaders(raw: readonly string[]): number {
  let count = 0;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] as string;
    if (name.length === 13 && name.toLowerCase() === "authorization") count++;
  }
  return count;
}

/**
 * Each answer body encoded once, by ETag (a strong validator: same ETag, same bytes; the body is
 * compared too, so a mismatch only costs an encoding). Cleared when full: hot bodies come back at once.
 */
class EncodedBodies {
  private readonly byEtag = new Map<string, { body: string; bytes: Buffer }>();

  constructor(private readonly capacity = 2048) {}

  encode(etag: string | undefined, body: string): Buffer {
    if (etag === undefined) return Buffer.from(body);
    const known = this.byEtag.get(etag);
    if (known && known.body === body) return known.bytes;
    if (this.byEtag.size >= this.capacity) this.byEtag.clear();
    const bytes = Buffer.from(body);
    this.byEtag.set(etag, { body, bytes });
    return bytes;
  }
}

/** The headers a response-header middleware adds, from one request to a probe app. */
async function captureHeaders(middleware: MiddlewareHandler): Promise<Record<string, string>> {
  const probe = new Hono();
  probe.use(middleware);
  probe.get("/", (c) => c.body(null, 204));
  const response = await probe.request("/");
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  return headers;
}
