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

/**
 * One structured log line per request (method, path, status, duration, request id), and the request's
 * latency to telemetry by route pattern (`/api/dealers/:dealerId`), which the p95 success metric reads.
 */
export function requestLog(logger: Logger, track?: TrackRequest): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    await next();
    const durationMs = Math.round((performance.now() - started) * 100) / 100;
    const status = c.res.status;
    const fields = {
      method: c.req.method,
      path: c.req.path,
      status,
      durationMs,
      requestId: c.get("requestId"),
    };
    if (status >= 500) logger.error("request", fields);
    else logger.info("request", fields);
    // The ingest route would report itself on every batch; its own stats cover it.
    if (track && c.req.path !== "/api/telemetry") {
      track({
        kind: "api.request",
        route: routePath(c, -1) || c.req.path,
        method: c.req.method,
        status,
        durationMs,
      });
    }
  };
}
