import { inScope, type Principal, SIGNED_IN } from "@dai/auth";
import { type Copilot, platformRows } from "@dai/copilot";
import { DaiError } from "@dai/core";
import type { CopilotPulse } from "@dai/event-bus";
import { toneFloor } from "@dai/manifest-schema";
import type { TelemetryClient } from "@dai/telemetry";
import { z } from "zod";
import { type GuardedRoutes, param } from "../access.js";
import type { AppDeps } from "../app.js";
import { parseQuery } from "./dealers.js";

/** What the copilot routes need; provided by `features/copilot.ts` in the Node entry, by tests directly. */
export type CopilotDeps = {
  copilot: Copilot;
  /** Where a rating is also reported as `copilot.feedback` telemetry (absent when ingest is off). */
  telemetry?: Pick<TelemetryClient, "track">;
  /** Where a rating is announced on the pulse stream (`copilot.event`). */
  publish?: (event: CopilotPulse) => Promise<unknown>;
};

const DEALER_DETAIL = { roles: ["admin", "analyst", "dealer"], dealerParam: "dealerId" } as const;
const READERS = { roles: ["admin", "analyst"] } as const;
const RATE = { roles: ["admin", "analyst", "dealer"], write: true } as const;
const moodQuery = z.strictObject({ dealerId: z.string().min(1).max(64).optional() });
/** The platform's mood is recomputed at most this often (it averages every dealer's KPIs). */
const PLATFORM_MOOD_TTL_MS = 60_000;

const principalOf = (c: { get(key: "principal"): Principal | undefined }): Principal => {
  const principal = c.get("principal");
  if (!principal) throw new DaiError("unauthenticated", "sign in", { status: 401 });
  return principal;
};

/**
 * `GET /api/copilot/:dealerId/messages` (what changed, in the chosen tone and mood), `POST
 * /api/copilot/feedback` (thumbs up/down: stored as a Copilot event, reported as telemetry, announced on
 * the pulse stream), `GET /api/copilot/mood` (`{ mood, kpiVariance, derivedAt }` for the soundscape: the
 * caller's own dealer for a dealer user, the platform for everyone else, or `?dealerId=`), and for the
 * meta dashboards `GET /api/copilot/tone` and `GET /api/copilot/mood-report`.
 */
export function copilotRoutes(routes: GuardedRoutes, deps: AppDeps) {
  const features = deps.copilot;
  if (!features) return;
  const { copilot } = features;
  const platform = new Map<string, { at: number; rows: ReturnType<typeof platformRows> }>();

  const dealerData = async (dealerId: string) => {
    const dealer = await deps.dealers.get(dealerId);
    if (!dealer) return undefined;
    return { dealer, rows: await deps.dealers.kpis(dealerId) };
  };

  /** The averaged KPI series of a set of dealers (all of them when `ids` is null), cached a minute. */
  const averaged = async (ids: readonly string[] | null) => {
    const key = ids === null ? "*" : [...ids].sort().join(",");
    const hit = platform.get(key);
    if (hit && Date.now() - hit.at < PLATFORM_MOOD_TTL_MS) return hit.rows;
    const list = ids ?? (await deps.dealers.list()).map((d) => d.id);
    const all = (await Promise.all(list.map((id) => deps.dealers.kpis(id)))).flat();
    const rows = platformRows(all);
    platform.set(key, { at: Date.now(), rows });
    return rows;
  };

  routes.get("/api/copilot/mood", SIGNED_IN, async (c) => {
    const principal = principalOf(c);
    const { dealerId } = parseQuery(moodQuery, c.req.query());
    if (dealerId !== undefined) {
      if (!inScope(principal, dealerId) || !(await deps.dealers.get(dealerId))) {
        throw new DaiError("not_found", `no dealer "${dealerId}"`, { status: 404, field: "dealerId" });
      }
      return c.json({ ...copilot.mood(await deps.dealers.kpis(dealerId)), scope: "dealer", dealerId });
    }
    const own = principal.dealerIds;
    if (own !== null && own.length === 1) {
      const id = own[0] as string;
      return c.json({ ...copilot.mood(await deps.dealers.kpis(id)), scope: "dealer", dealerId: id });
    }
    return c.json({ ...copilot.mood(await averaged(own)), scope: own === null ? "platform" : "dealers" });
  });

  routes.get("/api/copilot/tone", READERS, async (c) => {
    const overview = await copilot.toneOverview();
    return c.json({ floor: toneFloor(deps.manifest), ...overview });
  });

  routes.get("/api/copilot/mood-report", READERS, async (c) => c.json(await copilot.moodOverview()));

  routes.get("/api/copilot/:dealerId/messages", DEALER_DETAIL, async (c) => {
    const dealerId = param(c, "dealerId");
    const found = await dealerData(dealerId);
    if (!found) throw new DaiError("not_found", `no dealer "${dealerId}"`, { status: 404 });
    const reply = await copilot.reply(found.dealer, found.rows);
    // The caller's own earlier ratings of these messages, so the dashboard shows them as given.
    const ratings = await copilot.feedback.ratingsOf(
      principalOf(c).id,
      reply.messages.map((m) => m.id),
    );
    return c.json({ ...reply, ratings });
  });

  routes.post("/api/copilot/feedback", RATE, async (c) => {
    const principal = principalOf(c);
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      throw new DaiError("invalid_json", "body: expected a JSON object { messageId, dealerId, feedback }", {
        status: 400,
      });
    }
    // A dealer outside the caller's scope does not exist for them.
    const { event, message } = await copilot.rate(body, { userId: principal.id }, async (id) =>
      inScope(principal, id) ? dealerData(id) : undefined,
    );
    features.telemetry?.track({
      kind: "copilot.feedback",
      tone: event.tone,
      mood: event.mood,
      feedback: event.feedback,
      dealerId: event.dealerId,
      userId: principal.id,
    });
    await features.publish?.({
      dealerId: event.dealerId,
      kind: "feedback",
      tone: event.tone,
      mood: event.mood,
      feedback: event.feedback,
      at: event.timestamp,
    });
    return c.json({ stored: event, message: { id: message.id, topic: message.topic } }, 201);
  });
}
