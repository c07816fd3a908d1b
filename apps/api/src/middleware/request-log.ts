import type { Logger } from "@dai/core";
import type { MiddlewareHandler } from "hono";
import { routePath } from "hono/route";

/** Where the API reports each request's latency (the telemetry client's `track`). */
export type TrackRequest = (event: {
  kind: "api.request";
  route: string;
  method: string;
  status: number;
  durationMs: number;
}) => void;

/** What one request's log line and latency event are made of. */
export interface RequestRecord {
  method: string;
  path: string;
  /** The route pattern (`/api/dealers/:dealerId`); the path when no route matched. */
  route: string;
  status: number;
  durationMs: number;
  requestId: string | undefined;
}

/**
 * One structured log line per request (method, path, status, duration, request id), and the request's
 * latency to telemetry by route pattern, which the p95 success metric reads. Used by the middleware
 * and by the Node entry's fast lane, so both report a request the same way.
 */
export function recordRequest(logger: Logger, track: TrackRequest | undefined, request: RequestRecord): void {
  const { method, path, status, durationMs, requestId } = request;
  const fields = { method, path, status, durationMs, requestId };
  if (status >= 500) logger.error("request", fields);
  else logger.info("request", fields);
  // The ingest route would report itself on every batch; its own stats cover it.
  if (track && path !== "/api/telemetry") {
    try {
      track({ kind: "api.request", route: request.route, method, status, durationMs });
    } catch (error) {
      // The answer is made: a sink that throws costs the data point, never the request.
      logger.error("request telemetry failed", { error, requestId });
    }
  }
}

/** Rounds a `performance.now()` interval to the 0.01 ms the log and telemetry carry. */
export function elapsedMs(started: number): number {
  return Math.round((performance.now() - started) * 100) / 100;
}

/** The request log as middleware: every request that reaches the app is recorded once. */
export function requestLog(logger: Logger, track?: TrackRequest): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    await next();
    recordRequest(logger, track, {
      method: c.req.method,
      path: c.req.path,
      route: routePath(c, -1) || c.req.path,
      status: c.res.status,
      durationMs: elapsedMs(started),
      requestId: c.get("requestId"),
    });
  };
}
