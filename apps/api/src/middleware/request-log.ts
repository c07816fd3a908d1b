import type { Logger } from "@dai/core";
import type { MiddlewareHandler } from "hono";

/** One structured log line per request: method, path, status, duration and request id. */
export function requestLog(logger: Logger): MiddlewareHandler {
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
  };
}
