import { ADMIN_ONLY, type Role } from "@dai/auth";
import { DaiError, parseWith } from "@dai/core";
import { z } from "zod";
import { clientIp, type GuardedRoutes, param } from "../access.js";
import type { AppDeps } from "../app.js";
import { parseQuery } from "./dealers.js";

const ADMIN_WRITE = { roles: ["admin"], write: true } as const;
const createKeyBody = z.strictObject({
  name: z.string().min(1).max(80),
  role: z.enum(["admin", "analyst", "dealer"]),
  dealerIds: z.array(z.string().min(1)).max(500).nullable().optional(),
});

/** Administration: the audit trail and API keys. Every change is audited. */
export function adminRoutes(routes: GuardedRoutes, deps: AppDeps) {
  const { audit, apiKeys } = deps.auth;
  const actorOf = (principal: { kind: string; id: string } | undefined) =>
    principal ? `${principal.kind === "api-key" ? "key:" : ""}${principal.id}` : "?";

  routes.get("/api/admin/audit", ADMIN_ONLY, async (c) => {
    const { limit } = parseQuery(
      z.strictObject({ limit: z.coerce.number().int().min(1).max(1000).optional() }),
      c.req.query(),
    );
    return c.json({ entries: await audit.recent(limit ?? 200) });
  });

  routes.get("/api/admin/api-keys", ADMIN_ONLY, async (c) => {
    await apiKeys.refresh();
    return c.json({ keys: apiKeys.list() });
  });

  routes.post("/api/admin/api-keys", ADMIN_WRITE, async (c) => {
    const json = await c.req.json().catch(() => {
      throw new DaiError("invalid_body", "body: expected JSON", { status: 400 });
    });
    const body = parseWith(createKeyBody, json, { code: "invalid_body", root: "(body)" });
    const actor = actorOf(c.get("principal"));
    const created = await apiKeys.create({
      ...body,
      role: body.role as Role,
      dealerIds: body.dealerIds ?? null,
      createdBy: actor,
    });
    await audit.record({
      actor,
      action: "api-key.create",
      target: created.id,
      ip: clientIp(c),
      outcome: "success",
    });
    return c.json(created, 201);
  });

  routes.delete("/api/admin/api-keys/:keyId", ADMIN_WRITE, async (c) => {
    const actor = actorOf(c.get("principal"));
    await apiKeys.revoke(param(c, "keyId"));
    await audit.record({
      actor,
      action: "api-key.revoke",
      target: param(c, "keyId"),
      ip: clientIp(c),
      outcome: "success",
    });
    return c.body(null, 204);
  });
}
