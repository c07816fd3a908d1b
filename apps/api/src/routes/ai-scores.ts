import { type EdgeResponse, MAX_LIMIT, type ScoreApi, SORT_KEYS } from "@dai/ai-scores";
import { SIGNED_IN, scopeKey } from "@dai/auth";
import { DaiError } from "@dai/core";
import type { Context } from "hono";
import type { ContentfulStatusCode, StatusCode } from "hono/utils/http-status";
import { z } from "zod";
import { type GuardedRoutes, param } from "../access.js";
import type { AppDeps } from "../app.js";
import { parseQuery } from "./dealers.js";

/** What the ai-scores routes need; provided by `features/ai-scores.ts` in the Node entry, by tests directly. */
export interface AiScoresDeps {
  /** Validation, the in-process cache with tuned TTLs, ETags and problem answers (`@dai/ai-scores`). */
  api: ScoreApi;
  /** Where and when the edge snapshot was last written, for the meta page. */
  snapshot?: () => { path: string; writtenAt: string | null };
}

const DEALER_DETAIL = { roles: ["admin", "analyst", "dealer"], dealerParam: "dealerId" } as const;
const READERS = { roles: ["admin", "analyst"] } as const;
const SORTS = SORT_KEYS.flatMap((key) => [key, `-${key}`]) as [string, ...string[]];
const text = z.string().min(1, "expected 1–200 characters").max(200, "expected 1–200 characters");

const listQuery = z.strictObject({
  brand: text.optional(),
  region: text.optional(),
  groupId: text.optional(),
  sort: z
    .enum(SORTS, { error: `expected one of ${SORT_KEYS.join(", ")} (prefix "-" for descending)` })
    .optional(),
  limit: z
    .string()
    .regex(/^\d{1,4}$/, `expected an integer from 1 to ${MAX_LIMIT}`)
    .refine((v) => Number(v) >= 1 && Number(v) <= MAX_LIMIT, `expected an integer from 1 to ${MAX_LIMIT}`)
    .optional(),
  cursor: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,512}$/, "not a cursor returned by this list")
    .optional(),
});
const detailQuery = z.strictObject({
  days: z
    .string()
    .regex(/^\d{1,4}$/, "expected an integer from 1 to 3660")
    .refine((v) => Number(v) >= 1 && Number(v) <= 3660, "expected an integer from 1 to 3660")
    .optional(),
});
const DEALER_ID = /^[A-Za-z0-9_.-]{1,64}$/;

/**
 * `GET /api/ai-scores` (list: brand/region/groupId filters, sort, keyset cursor; a dealer principal
 * sees only its dealers), `GET /api/ai-scores/:dealerId` (one score with `days` of history) and
 * `GET /api/ai-scores/cache` (the TTL tuner's decisions, for `/pulse/meta/cache`).
 *
 * Caching: every answer comes from the in-process cache whose TTL the tuner sets per resource, is
 * purged by tag when a score changes, and carries a strong `ETag` (304 on `If-None-Match`). These
 * routes are behind access control, so an answer belongs to its caller: the access middleware sends
 * `Cache-Control: private, no-store` and `Vary: Cookie, Authorization`, and no CDN header (s-maxage,
 * Surrogate-Key, Cache-Tag) is emitted here — a shared cache cannot check a dealer's scope and must
 * not serve one caller's answer to another. The shared answer is the published snapshot: the edge
 * entry (`src/edge`) serves the same bodies and ETags with `public, s-maxage, stale-while-revalidate`
 * from the tuner and the surrogate keys a CDN purges by.
 */
export function aiScoresRoutes(routes: GuardedRoutes, deps: AppDeps) {
  const scores = deps.aiScores;
  if (!scores) return;
  const { api } = scores;

  // Registered before `/:dealerId` so "cache" is not taken for a dealer id.
  routes.get("/api/ai-scores/cache", READERS, (c) =>
    c.json({ ...api.report(), snapshot: scores.snapshot?.() ?? null }),
  );

  routes.get("/api/ai-scores", SIGNED_IN, (c) => {
    parseQuery(listQuery, c.req.query());
    const principal = c.get("principal");
    if (!principal) throw new DaiError("unauthenticated", "sign in", { status: 401 });
    const scope = { key: scopeKey(principal), dealerIds: principal.dealerIds };
    return send(c, api.list(new URL(c.req.url).searchParams, c.req.header("if-none-match"), scope));
  });

  routes.get("/api/ai-scores/:dealerId", DEALER_DETAIL, (c) => {
    const dealerId = param(c, "dealerId");
    if (!DEALER_ID.test(dealerId)) {
      throw new DaiError("invalid_path", "dealerId: expected 1–64 letters, digits, '-', '_' or '.'", {
        status: 400,
        field: "dealerId",
      });
    }
    parseQuery(detailQuery, c.req.query());
    return send(c, api.detail(dealerId, new URL(c.req.url).searchParams, c.req.header("if-none-match")));
  });
  // The hottest read: a valid request's answer is the same `api.detail` call, served by the fast lane;
  // anything else (a 400, an unknown dealer) goes to the handler above for its problem document.
  routes.hot("/api/ai-scores/:dealerId", ({ dealerId = "" }, query, ifNoneMatch) =>
    DEALER_ID.test(dealerId) ? api.detail(dealerId, query, ifNoneMatch) : NOT_HOT,
  );
}

const NOT_HOT = { status: 400, headers: {}, body: "" };

/** A ScoreApi answer as a Hono response; its errors go through the app's one problem shape. */
function send(c: Context, response: EdgeResponse): Response {
  if (response.status >= 400) {
    const problem = JSON.parse(response.body) as {
      code: string;
      detail: string;
      errors?: { path: string }[];
    };
    throw new DaiError(problem.code, problem.detail, {
      status: response.status,
      field: problem.errors?.[0]?.path,
    });
  }
  if (response.status === 304) return c.body(null, 304 as StatusCode, response.headers);
  return c.body(response.body, response.status as ContentfulStatusCode, response.headers);
}
