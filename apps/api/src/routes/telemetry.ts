import { PUBLIC } from "@dai/auth";
import { DaiError } from "@dai/core";
import type { Ingest } from "@dai/telemetry";
import type { GuardedRoutes } from "../access.js";
import type { AppDeps } from "../app.js";

/** The telemetry hub as the API serves it. */
export interface TelemetryDeps {
  ingest: Ingest;
  /** The hub's key, for the browser route that forwards a signed-in user's events. */
  ingestKey: string;
  /** The read routes (SLO status, history, overview, export) over the warehouse. */
  read: (request: Request) => Promise<Response>;
}

const READERS = { roles: ["admin", "analyst"] } as const;
const SIGNED_IN_WRITE = { roles: ["admin", "analyst", "dealer"], write: true } as const;
/** What a dashboard may report about itself; server-side kinds (API requests, job runs…) are not a browser's to send. */
const BROWSER_KINDS = new Set([
  "web.vitals",
  "motion.frame-rate",
  "sse.delivery",
  "soundscape.opt",
  "copilot.feedback",
]);

/**
 * `POST /api/telemetry`: durable ingest, authenticated by the ingest key (checked in constant time by
 * the hub, so the route itself is public), and the read routes and the ingest's counters
 * (`GET /api/telemetry/ingest`) for admins and analysts.
 */
export function telemetryRoutes(routes: GuardedRoutes, deps: AppDeps) {
  const hub = () => {
    if (!deps.telemetry)
      throw new DaiError("telemetry_off", "telemetry is not running in this process", { status: 503 });
    return deps.telemetry;
  };
  routes.post("/api/telemetry", PUBLIC, (c) => hub().ingest.handler(c.req.raw));
  // Browsers hold no ingest key: a signed-in dashboard reports through its session (CSRF-checked).
  routes.post("/api/telemetry/browser", SIGNED_IN_WRITE, async (c) => {
    const telemetry = hub();
    const body = await c.req.text();
    let kinds: unknown[] = [];
    try {
      const parsed = JSON.parse(body) as { events?: { kind?: unknown }[] };
      kinds = Array.isArray(parsed.events) ? parsed.events.map((event) => event?.kind) : [];
    } catch {
      // The hub reports malformed JSON with its own 400.
    }
    const refused = kinds.filter((kind) => typeof kind === "string" && !BROWSER_KINDS.has(kind));
    if (refused.length > 0) {
      throw new DaiError(
        "forbidden_kind",
        `events: a browser may not send ${[...new Set(refused)].join(", ")}`,
        { status: 403 },
      );
    }
    return telemetry.ingest.handler(
      new Request(c.req.url, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${telemetry.ingestKey}` },
        body,
      }),
    );
  });
  // The hub's own counters since start: what the loader has done and what waits or was set aside.
  routes.get("/api/telemetry/ingest", READERS, (c) => c.json(hub().ingest.stats()));
  for (const path of [
    "/api/telemetry/slo",
    "/api/telemetry/history",
    "/api/telemetry/overview",
    "/api/telemetry/export",
  ]) {
    routes.get(path, READERS, (c) => hub().read(c.req.raw));
  }
}
