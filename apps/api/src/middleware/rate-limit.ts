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

/**
 * Per-API-key rate limiting (fixed window, `@dai/auth`'s RateLimiter), mounted after the access
 * middleware so the caller is known. Every answer to a key carries the IETF draft headers
 * (draft-ietf-httpapi-ratelimit-headers): `RateLimit-Limit`, `RateLimit-Remaining`, `RateLimit-Reset`
 * (seconds until the window resets) and `RateLimit-Policy` (`<limit>;w=<window seconds>`). Past the
 * limit the answer is a 429 problem+json with `Retry-After`. Browser sessions are not counted here
 * (sign-in has its own limits); public routes and anonymous callers neither.
 *
 * @example app.use("/api/*", rateLimit({ limit: 600, windowMs: 60_000 }));
 */
export function rateLimit(options: Partial<RateLimitOptions> = {}): MiddlewareHandler<ApiEnv> {
  const limit = options.limit ?? RATE_LIMIT_DEFAULTS.limit;
  const windowMs = options.windowMs ?? RATE_LIMIT_DEFAULTS.windowMs;
  if (!(Number.isInteger(limit) && limit > 0))
    throw new Error(`rate limit: limit must be a positive integer, got ${limit}`);
  if (!(windowMs >= 1000)) throw new Error(`rate limit: windowMs must be at least 1000, got ${windowMs}`);
  const limiter = new RateLimiter(limit, windowMs, options.now);
  const logger = options.logger ?? silentLogger;
  const policy = `${limit};w=${Math.round(windowMs / 1000)}`;
  return async (c, next) => {
    const principal = c.get("principal");
    if (principal?.kind !== "api-key") return next();
    const { allowed, remaining, resetMs } = limiter.hit(`key:${principal.id}`);
    const reset = String(Math.max(1, Math.ceil(resetMs / 1000)));
    const headers: Record<string, string> = {
      "ratelimit-limit": String(limit),
      "ratelimit-remaining": String(remaining),
      "ratelimit-reset": reset,
      "ratelimit-policy": policy,
    };
    if (!allowed) {
      const error = new DaiError(
        "rate_limited",
        `API key "${principal.id}" sent more than ${limit} requests in ${Math.round(windowMs / 1000)} s; retry in ${reset} s`,
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
