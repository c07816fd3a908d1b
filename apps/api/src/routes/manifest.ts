import { createHash } from "node:crypto";
import { listSuccessMetrics } from "@dai/manifest-schema";
import { Hono } from "hono";
import { etag } from "hono/etag";
import type { AppDeps } from "../app.js";

/**
 * `GET /api/manifest` (the whole manifest) and `GET /api/manifest/success-metrics` (every success metric
 * with owner and readable target), revalidated by ETag so dashboards re-read it cheaply.
 */
export function manifestRoutes(deps: AppDeps) {
  const body = JSON.stringify(deps.manifest);
  const metrics = JSON.stringify({
    version: deps.manifest.version,
    successMetrics: listSuccessMetrics(deps.manifest),
  });
  const tag = (text: string) => `"${createHash("sha256").update(text).digest("base64url").slice(0, 22)}"`;
  const manifestTag = tag(body);
  const metricsTag = tag(metrics);
  return new Hono()
    .use(etag())
    .use(async (c, next) => {
      await next();
      c.header("cache-control", "public, max-age=0, must-revalidate");
    })
    .get("/", (c) => {
      c.header("etag", manifestTag);
      return c.body(body, 200, { "content-type": "application/json; charset=utf-8" });
    })
    .get("/success-metrics", (c) => {
      c.header("etag", metricsTag);
      return c.body(metrics, 200, { "content-type": "application/json; charset=utf-8" });
    });
}
