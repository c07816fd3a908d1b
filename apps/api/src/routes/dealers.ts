import { filterByScope, SIGNED_IN } from "@dai/auth";
import { DaiError, parseWith } from "@dai/core";
import { z } from "zod";
import { type GuardedRoutes, param } from "../access.js";
import type { AppDeps } from "../app.js";

const DEALER_DETAIL = { roles: ["admin", "analyst", "dealer"], dealerParam: "dealerId" } as const;

const listQuery = z.strictObject({
  brand: z.string().max(60).optional(),
  region: z.string().max(60).optional(),
});
const kpiQuery = z.strictObject({
  from: z.iso.date({ error: "expected a date YYYY-MM-DD" }).optional(),
  to: z.iso.date({ error: "expected a date YYYY-MM-DD" }).optional(),
  format: z.enum(["json", "ndjson"], { error: "expected json or ndjson" }).optional(),
});

/** Parses query parameters, naming each bad one in a 400. */
export function parseQuery<T extends z.ZodType>(schema: T, query: Record<string, string>): z.output<T> {
  return parseWith(schema, query, { code: "invalid_query", unknownKey: "unknown query parameter" });
}

/** Dealers in the caller's scope: the list is filtered, a dealer outside it is a 404. */
export function dealerRoutes(routes: GuardedRoutes, deps: AppDeps) {
  routes.get("/api/dealers", SIGNED_IN, async (c) => {
    const query = parseQuery(listQuery, c.req.query());
    const principal = c.get("principal");
    if (!principal) throw new DaiError("unauthenticated", "sign in", { status: 401 });
    const dealers = filterByScope(principal, await deps.dealers.list(), (d) => d.id).filter(
      (d) =>
        (query.brand === undefined || d.brand === query.brand) &&
        (query.region === undefined || d.region === query.region),
    );
    return c.json({ dealers, count: dealers.length });
  });

  routes.get("/api/dealers/:dealerId", DEALER_DETAIL, async (c) => {
    const dealer = await deps.dealers.get(param(c, "dealerId"));
    if (!dealer) throw new DaiError("not_found", `no dealer "${param(c, "dealerId")}"`, { status: 404 });
    const rows = await deps.dealers.kpis(dealer.id);
    return c.json({ dealer, latest: rows.at(-1) ?? null, days: rows.length });
  });

  routes.get("/api/dealers/:dealerId/kpis", DEALER_DETAIL, async (c) => {
    const query = parseQuery(kpiQuery, c.req.query());
    const dealerId = param(c, "dealerId");
    if (!(await deps.dealers.get(dealerId)))
      throw new DaiError("not_found", `no dealer "${dealerId}"`, { status: 404 });
    const rows = (await deps.dealers.kpis(dealerId)).filter(
      (r) =>
        (query.from === undefined || r.date >= query.from) && (query.to === undefined || r.date <= query.to),
    );
    if (query.format === "ndjson") {
      c.header("content-disposition", `attachment; filename="${dealerId}-kpis.ndjson"`);
      return c.body(rows.map((r) => JSON.stringify(r)).join("\n") + (rows.length ? "\n" : ""), 200, {
        "content-type": "application/x-ndjson",
      });
    }
    return c.json({ dealerId, rows });
  });
}
