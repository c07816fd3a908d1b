import { DaiError, type Logger, PROBLEM_CONTENT_TYPE, toProblem } from "@dai/core";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/** Sends a problem document (RFC 9457) for any error: a client's mistake is its 4xx, anything else a bare 500. */
export function problemResponse(c: Context, error: unknown, logger: Logger): Response {
  const converted =
    error instanceof HTTPException
      ? new DaiError(codeFor(error.status), error.message || "request refused", { status: error.status })
      : error;
  const problem = toProblem(converted, new URL(c.req.url).pathname);
  if (problem.status >= 500)
    logger.error("request failed", { error, path: problem.instance, requestId: c.get("requestId") });
  return c.body(JSON.stringify(problem), problem.status as ContentfulStatusCode, {
    "content-type": PROBLEM_CONTENT_TYPE,
  });
}

function codeFor(status: number): string {
  if (status === 413) return "payload_too_large";
  if (status === 401) return "unauthorized";
  if (status === 403) return "forbidden";
  if (status === 404) return "not_found";
  return status < 500 ? "bad_request" : "internal";
}
