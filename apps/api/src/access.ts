import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { AuthConfig } from "@auth/core";
import type { ApiKeyStore, AuditLog, Principal, SessionRevocations } from "@dai/auth";
import { type AccessRule, authorize } from "@dai/auth";
import { DaiError } from "@dai/core";
import type { Context, Env, Handler, Hono, MiddlewareHandler } from "hono";
import { TrieRouter } from "hono/router/trie-router";
import { sessionPrincipal } from "./auth/session.js";

export type ApiEnv = { Variables: { principal: Principal | undefined; requestId: string } };
type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "ALL";

/**
 * A GET route's answer without Hono, for the Node entry's fast lane: it returns the route's success
 * answer (200, or 304 on `If-None-Match`) from data the process already holds, or anything else for
 * the full app to handle. Same validation, same data, same headers as the route's own handler.
 */
export type HotRead = (
  params: Record<string, string>,
  query: URLSearchParams,
  ifNoneMatch: string | undefined,
) => { status: number; headers: Record<string, string>; body: string };

/** Every route with the rule it declared; the access middleware refuses anything not in it. */
export class RouteTable {
  private readonly router = new TrieRouter<{ path: string; rule: AccessRule }>();
  readonly entries: { method: Method; path: string; rule: AccessRule }[] = [];
  /** GET routes that also answer through the fast lane, by route pattern. */
  readonly hotReads = new Map<string, HotRead>();

  add(method: Method, path: string, rule: AccessRule): void {
    this.router.add(method, path, { path, rule });
    this.entries.push({ method, path, rule });
  }

  match(
    method: string,
    path: string,
  ): { rule: AccessRule; params: Record<string, string>; route: string } | undefined {
    const [handlers] = this.router.match(method, path) as unknown as [
      [{ path: string; rule: AccessRule }, Record<string, string>][],
    ];
    const first = handlers[0];
    return first ? { rule: first[0].rule, params: first[1], route: first[0].path } : undefined;
  }
}

/** The answer headers of every non-public route: one caller's answer, never stored by a shared cache. */
export const PRIVATE_ANSWER_HEADERS = { "cache-control": "private, no-store", vary: "Cookie, Authorization" };

/** How long a read of the API key file is trusted before it is checked again (revocation delay). */
export const API_KEY_RECHECK_MS = 1000;

/** The key in an `Authorization` header (`Bearer <key>`; a bare key is accepted too). */
export function bearerToken(authorization: string): string {
  return authorization.replace(/^Bearer\s+/i, "");
}

/** One audit line per key per minute: enough to know a key is in use without an fsync per request. */
export class KeyUseAudit {
  private readonly lastAudited = new Map<string, number>();

  /** Whether the key's use should be audited now. */
  due(keyId: string, now = Date.now()): boolean {
    return now - (this.lastAudited.get(keyId) ?? 0) > 60_000;
  }

  mark(keyId: string, now = Date.now()): void {
    this.lastAudited.set(keyId, now);
  }
}

/**
 * Registers routes on the app together with their access rule, so no route exists without one:
 * `routes.get("/api/dealers/:dealerId", { roles: [...], dealerParam: "dealerId" }, handler)`.
 */
export function guardedRoutes<E extends Env>(app: Hono<E>, table: RouteTable) {
  /** Lets a registered GET route also answer through the fast lane (see `HotRead`). */
  const hot = (path: string, read: HotRead) => {
    if (!table.entries.some((entry) => entry.method === "GET" && entry.path === path))
      throw new Error(`hot read for ${path}: register the GET route first`);
    table.hotReads.set(path, read);
  };
  const register =
    (method: Method) =>
    (path: string, rule: AccessRule, ...handlers: (Handler<E> | MiddlewareHandler<E>)[]) => {
      table.add(method, path, rule);
      const methods = method === "ALL" ? ["GET", "POST", "PUT", "PATCH", "DELETE"] : [method];
      app.on(methods, [path], ...(handlers as [Handler<E>]));
    };
  return {
    get: register("GET"),
    post: register("POST"),
    delete: register("DELETE"),
    all: register("ALL"),
    hot,
  };
}
export type GuardedRoutes = ReturnType<typeof guardedRoutes<ApiEnv>>;

export interface AccessDeps {
  table: RouteTable;
  apiKeys: ApiKeyStore;
  audit: AuditLog;
  authConfig: AuthConfig;
  authUrl: string;
  /** Origins a signed-in browser may send state-changing requests from. */
  trustedOrigins: ReadonlySet<string>;
  csrf: CsrfTokens;
  revocations: SessionRevocations;
  keyUse: KeyUseAudit;
}

/**
 * The one access middleware: finds the route's rule (none → 404, deny by default), resolves the
 * caller (API key, else session cookie), applies the rule, checks CSRF on writes from browser
 * sessions, and marks non-public answers private so no shared cache serves them across scopes.
 */
export function accessControl(deps: AccessDeps): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    // HEAD is GET without the body (Hono answers it through the GET route), so it has GET's rule.
    const match = deps.table.match(c.req.method === "HEAD" ? "GET" : c.req.method, c.req.path);
    if (!match)
      throw new DaiError("not_found", `no route for ${c.req.method} ${c.req.path}`, { status: 404 });
    let principal: Principal | undefined;
    let setCookies: string[] = [];
    const authorization = c.req.header("authorization");
    // A public route needs nobody: its own credentials (e.g. the telemetry ingest key) are its business.
    if ("public" in match.rule) {
      // no principal to resolve
    } else if (authorization !== undefined) {
      // Another process may have created or revoked a key: look at most once a second.
      await deps.apiKeys.refresh(API_KEY_RECHECK_MS);
      principal = deps.apiKeys.verify(bearerToken(authorization));
      if (!principal) {
        await deps.audit.record({
          actor: "(api key)",
          action: "api-key.use",
          ip: clientIp(c),
          outcome: "failure",
          detail: c.req.path,
        });
        throw new DaiError("invalid_api_key", "the API key is malformed, unknown or revoked", {
          status: 401,
        });
      }
      if (deps.keyUse.due(principal.id)) {
        deps.keyUse.mark(principal.id);
        await deps.audit.record({
          actor: `key:${principal.id}`,
          action: "api-key.use",
          ip: clientIp(c),
          outcome: "success",
          detail: c.req.path,
        });
      }
    } else {
      ({ principal, setCookies } = await sessionPrincipal(
        deps.authConfig,
        deps.authUrl,
        c.req.header("cookie") ?? "",
        (id) => deps.revocations.isRevoked(id),
      ));
    }
    c.set("principal", principal);
    authorize(match.rule, principal, match.params);
    if ("roles" in match.rule && match.rule.write) {
      if (principal?.role === "analyst")
        throw new DaiError("forbidden", "analysts read but change nothing", { status: 403 });
      if (principal?.kind === "user") checkCsrf(c, deps.trustedOrigins, deps.csrf);
    }
    await next();
    for (const cookie of setCookies) c.res.headers.append("set-cookie", cookie);
    if (!("public" in match.rule)) {
      for (const [name, value] of Object.entries(PRIVATE_ANSWER_HEADERS)) c.res.headers.set(name, value);
    }
  };
}

export const CSRF_COOKIE = "dai.csrf";
export const CSRF_HEADER = "x-csrf-token";

/**
 * Signed double-submit CSRF tokens: `GET /api/csrf` hands the browser a token in the body and the same
 * token, HMAC-signed, in an HttpOnly SameSite=Strict cookie; a write must echo it in `x-csrf-token`.
 */
export class CsrfTokens {
  constructor(private readonly secret: string) {}

  issue(): { token: string; cookie: string } {
    const token = randomBytes(24).toString("base64url");
    return { token, cookie: `${token}.${this.sign(token)}` };
  }

  valid(header: string | undefined, cookie: string | undefined): boolean {
    if (!header || !cookie) return false;
    const [token, signature] = cookie.split(".");
    if (!token || !signature) return false;
    const expected = Buffer.from(this.sign(token));
    const actual = Buffer.from(signature);
    const headerBytes = Buffer.from(header);
    const tokenBytes = Buffer.from(token);
    return (
      expected.length === actual.length &&
      timingSafeEqual(expected, actual) &&
      headerBytes.length === tokenBytes.length &&
      timingSafeEqual(headerBytes, tokenBytes)
    );
  }

  private sign(token: string): string {
    return createHmac("sha256", this.secret).update(`csrf:${token}`).digest("base64url");
  }
}

/** A browser session's write must come from one of our own origins and carry the CSRF token. */
function checkCsrf(c: Context, trusted: ReadonlySet<string>, tokens: CsrfTokens): void {
  const origin = c.req.header("origin") ?? refererOrigin(c.req.header("referer"));
  if (origin === undefined || !trusted.has(origin) || c.req.header("sec-fetch-site") === "cross-site") {
    throw new DaiError("csrf_rejected", "state-changing request without a trusted Origin (CSRF protection)", {
      status: 403,
    });
  }
  if (!tokens.valid(c.req.header(CSRF_HEADER), readCookie(c.req.header("cookie"), CSRF_COOKIE))) {
    throw new DaiError(
      "csrf_rejected",
      `missing or invalid ${CSRF_HEADER} header (get one from GET /api/csrf)`,
      { status: 403 },
    );
  }
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) return decodeURIComponent(value.join("="));
  }
  return undefined;
}

function refererOrigin(referer: string | undefined): string | undefined {
  try {
    return referer ? new URL(referer).origin : undefined;
  } catch {
    return undefined;
  }
}

/** A route parameter that the route's path guarantees. */
export function param(c: Context, name: string): string {
  const value = c.req.param(name) as string | undefined;
  if (value === undefined) throw new Error(`route has no :${name} parameter`);
  return value;
}

export function clientIp(c: Context): string | undefined {
  return c.req.header("x-forwarded-for")?.split(",")[0]?.trim() ?? c.req.header("x-real-ip") ?? undefined;
}
