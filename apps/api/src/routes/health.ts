import { PUBLIC } from "@dai/auth";
import type { GuardedRoutes } from "../access.js";
import type { AppDeps } from "../app.js";

/** `GET /healthz`: liveness plus what the process runs on, for load balancers and `dai doctor`. */
export function healthRoutes(routes: GuardedRoutes, deps: AppDeps) {
  routes.get("/healthz", PUBLIC, async (c) => {
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
