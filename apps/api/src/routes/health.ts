import { Hono } from "hono";
import type { AppDeps } from "../app.js";

/** `GET /healthz`: liveness plus what the process runs on, for load balancers and `dai doctor`. */
export function healthRoutes(deps: AppDeps) {
  return new Hono().get("/", async (c) => {
    c.header("cache-control", "no-store");
    const seeded = await deps.dataSeeded();
    return c.json({
      status: "ok",
      version: deps.version,
      manifestVersion: deps.manifest.version,
      uptimeSeconds: Math.round((Date.now() - deps.startedAt) / 1000),
      data: { seeded },
    });
  });
}
