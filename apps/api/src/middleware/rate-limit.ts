import { RateLimiter } from "@dai/auth";
import { DaiError, type Logger, silentLogger } from "@dai/core";
import type { MiddlewareHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import { timeout } from "hono/timeout";
import type { ApiEnv } from "../access.js";
import { problemResponse } from "./problems.js";

export interface RateLimitOptions {
  /** Requests per key per window (default 1200). */
  limit: number;
  /** Window length (default 60 s). */
  windowMs: number;
  now?: () => number;
  logger?: Logger;
}

export const RATE_LIMIT_DEFAULTS = { limit: 1200, windowMs: 60_000 } as const;

/** The name of the API's one quota policy in the `RateLimit` and `RateLimit-Policy` fields. */
export const RATE_LIMIT_POLICY = "per-key";

/**
 * Each API key's request budget (fixed window, `@dai/auth`'s RateLimiter) and the fields that report
 * it, as the current IETF draft defines them (draft-ietf-httpapi-ratelimit-headers-09, structured
 * fields): `RateLimit-Policy: "per-key";q=<quota>;w=<window seconds>` and
 * `RateLimit: "per-key";r=<remaining>;t=<seconds until the window resets>`. (Drafts up to -06 spread
 * the same over four `RateLimit-Limit/-Remaining/-Reset/-Policy` fields.) One instance per app, shared
 * by the middleware and the Node entry's fast lane so a key has one budget.
 */
export class ApiKeyBudget {
  readonly limit: number;
  readonly windowMs: number;
  private readonly limiter: RateLimiter;
  private readonly policy: string;

  constructor(options: Partial<Omit<RateLimitOptions, "logger">> = {}) {
    this.limit = options.limit ?? RATE_LIMIT_DEFAULTS.limit;
    this.windowMs = options.windowMs ?? RATE_LIMIT_DEFAULTS.windowMs;
    if (!(Number.isInteger(this.limit) && this.limit > 0))
      throw new Error(`rate limit: limit must be a positive integer, got ${this.limit}`);
    if (!(this.windowMs >= 1000))
      throw new Error(`rate limit: windowMs must be at least 1000, got ${this.windowMs}`);
    this.limiter = new RateLimiter(this.limit, this.windowMs, options.now);
    this.policy = `"${RATE_LIMIT_POLICY}";q=${this.limit};w=${Math.round(this.windowMs / 1000)}`;
  }

  /** Counts one request of the key; the headers to send, and `reset` (seconds) for a `Retry-After`. */
  spend(keyId: string): { allowed: boolean; reset: string; headers: Record<string, string> } {
    const { allowed, remaining, resetMs } = this.limiter.hit(`key:${keyId}`);
    const reset = String(Math.max(1, Math.ceil(resetMs / 1000)));
    const headers: Record<string, string> = {
      ratelimit: `"${RATE_LIMIT_POLICY}";r=${remaining};t=${reset}`,
      "ratelimit-policy": this.policy,
    };
    return { allowed, reset, headers };
  }

  /** Whether the key's next request would be refused, without counting it. */
  exhausted(keyId: string): boolean {
    return this.limiter.blocked(`key:${keyId}`).blocked;
  }
}

/**
 * Per-API-key rate limiting, mounted after the access middleware so the caller is known. Every answer
 * to a key carries the `RateLimit` and `RateLimit-Policy` fields; past the limit the answer is a 429 problem+json with
 * `Retry-After`. Browser sessions are not counted here (sign-in has its own limits); public routes and
 * anonymous callers neither.
 *
 * @example app.use("/api/*", rateLimit({ limit: 600, windowMs: 60_000 }));
 */
export function rateLimit(
  options: Partial<RateLimitOptions> & { budget?: ApiKeyBudget } = {},
): MiddlewareHandler<ApiEnv> {
  const budget = options.budget ?? new ApiKeyBudget(options);
  const logger = options.logger ?? silentLogger;
  return async (c, next) => {
    const principal = c.get("principal");
    if (principal?.kind !== "api-key") return next();
    const { allowed, reset, headers } = budget.spend(principal.id);
    if (!allowed) {
      const error = new DaiError(
        "rate_limited",
        `API key "${principal.id}" sent more than ${budget.limit} requests in ${Math.round(budget.windowMs / 1000)} s; retry in ${reset} s`,
        { status: 429 },
      );
      const response = problemResponse(c, error, logger);
      for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
      response.headers.set("retry-after", reset);
      return response;
    }
    await next();
    for (const [name, value] of Object.entries(headers)) c.res.headers.set(name, value);
  };
}

/** Default budget for producing a response (the SSE stream answers at once, then streams outside it). */
export const REQUEST_TIMEOUT_MS = 30_000;

/**
 * Request timeouts (`hono/timeout`): a handler that has not produced its response within `ms` is
 * answered with a 504 problem+json naming the path and budget.
 *
 * @example app.use("/api/*", requestTimeout());
 */
export function requestTimeout(ms: number = REQUEST_TIMEOUT_MS): MiddlewareHandler<ApiEnv> {
  return timeout(
    ms,
    (c) =>
      new HTTPException(504, {
        message: `${c.req.method} ${c.req.path} took longer than ${ms} ms; retry later`,
      }),
  );
}
