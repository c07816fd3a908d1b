import { SIGNED_IN } from "@dai/auth";
import { DaiError } from "@dai/core";
import { type EventBus, parsePulseRequest, type SseBroadcaster } from "@dai/event-bus";
import type { HttpBindings } from "@hono/node-server";
import { RESPONSE_ALREADY_SENT } from "@hono/node-server/utils/response";
import type { GuardedRoutes } from "../access.js";
import type { AppDeps } from "../app.js";

/** The pulse stream's bus and the broadcaster that writes it to clients. */
export interface PulseDeps {
  bus: EventBus;
  broadcaster: SseBroadcaster;
}

/**
 * `GET /api/pulse-stream`: one SSE stream of metric updates, score changes, twin updates and job
 * results, resumable by `Last-Event-ID`. The route authorises and validates; the lean broadcaster
 * owns the socket. A dealer's stream carries only events of its dealers (and dealer-less ones).
 */
export function pulseRoutes(routes: GuardedRoutes, deps: AppDeps) {
  routes.get("/api/pulse-stream", SIGNED_IN, async (c) => {
    const pulse = deps.pulse;
    if (!pulse)
      throw new DaiError("pulse_off", "the pulse stream is not running in this process", { status: 503 });
    const bindings = c.env as Partial<HttpBindings> | undefined;
    if (!bindings?.incoming || !bindings.outgoing) {
      throw new DaiError("pulse_needs_node", "the pulse stream is served by the Node entry of the API", {
        status: 501,
      });
    }
    const request = parsePulseRequest(c.req.url, c.req.raw.headers, pulse.bus.topics);
    // HEAD (routed by the GET rule) asks what a GET would answer: the stream's headers, no stream.
    if (c.req.method === "HEAD") {
      return c.body(null, 200, {
        "content-type": "text/event-stream",
        "cache-control": "private, no-store, no-transform",
      });
    }
    const principal = c.get("principal");
    const origin = c.req.header("origin");
    await pulse.broadcaster.open(bindings.incoming, bindings.outgoing, {
      ...request,
      access: { dealerIds: principal?.dealerIds ?? undefined },
      headers: {
        "Cache-Control": "private, no-store, no-transform",
        Vary: "Cookie, Authorization",
        ...(origin && deps.corsOrigins.includes(origin)
          ? { "Access-Control-Allow-Origin": origin, "Access-Control-Allow-Credentials": "true" }
          : {}),
      },
    });
    return RESPONSE_ALREADY_SENT;
  });
}
