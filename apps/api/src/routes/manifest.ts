import { createHash } from "node:crypto";
import { PUBLIC } from "@dai/auth";
import { listSuccessMetrics } from "@dai/manifest-schema";
import type { Context } from "hono";
import type { GuardedRoutes } from "../access.js";
import type { AppDeps } from "../app.js";

/**
 * `GET /api/manifest` (the whole manifest) and `GET /api/manifest/success-metrics` (every success metric
 * with owner and readable target): public, as they hold no dealer data; revalidated by ETag.
 */
export function manifestRoutes(routes: GuardedRoutes, deps: AppDeps) {
  const tagged = (text: string) => ({
    text,
    etag: `"${createHash("sha256").update(text).digest("base64url").slice(0, 22)}"`,
  });
  const manifest = tagged(JSON.stringify(deps.manifest));
  const metrics = tagged(
    JSON.stringify({ version: deps.manifest.version, successMetrics: listSuccessMetrics(deps.manifest) }),
  );
  const send = (c: Context, body: { text: string; etag: string }) => {
    c.header("etag", body.etag);
    c.header("cache-control", "public, max-age=0, must-revalidate");
    const match = c.req.header("if-none-match");
    if (match?.split(",").some((tag) => tag.trim().replace(/^W\//, "") === body.etag))
      return c.body(null, 304);
    return c.body(body.text, 200, { "content-type": "application/json; charset=utf-8" });
  };
  routes.get("/api/manifest", PUBLIC, (c) => send(c, manifest));
  routes.get("/api/manifest/success-metrics", PUBLIC, (c) => send(c, metrics));
}
