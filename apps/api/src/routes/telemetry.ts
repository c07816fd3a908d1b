import { PUBLIC } from "@dai/auth";
import { DaiError } from "@dai/core";
import type { Ingest } from "@dai/telemetry";
import type { GuardedRoutes } from "../access.js";
import type { AppDeps } from "../app.js";

/** The telemetry hub as the API serves it. */
export interface TelemetryDeps {
  ingest: Ingest;
  /** The read routes (SLO status, history, overview, export) over the warehouse. */
  read: (request: Request) => Promise<Response>;
}

const READERS = { roles: ["admin", "analyst"] } as const;

/**
 * `POST /api/telemetry`: durable ingest, authenticated by the ingest key (checked in constant time by
 * the hub, so the route itself is public), and the read routes for admins and analysts.
 */
export function telemetryRoutes(routes: GuardedRoutes, deps: AppDeps) {
  const hub = () => {
    if (!deps.telemetry)
      throw new DaiError("telemetry_off", "telemetry is not running in this process", { status: 503 });
    return deps.telemetry;
  };
  routes.post("/api/telemetry", PUBLIC, (c) => hub().ingest.handler(c.req.raw));
  for (const path of [
    "/api/telemetry/slo",
    "/api/telemetry/history",
    "/api/telemetry/overview",
    "/api/telemetry/export",
  ]) {
    routes.get(path, READERS, (c) => hub().read(c.req.raw));
  }
}
