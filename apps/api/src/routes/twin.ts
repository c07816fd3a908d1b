import { existsSync } from "node:fs";
import { stat } from "node:fs/promises";
import { join } from "node:path";
import { filterByScope, SIGNED_IN } from "@dai/auth";
import { DaiError } from "@dai/core";
import { type DealerTwin, readAllTwins, readTwinLog, TWIN_FILES, twinsSummary } from "@dai/dealer-twin";
import { type GuardedRoutes, param } from "../access.js";
import type { AppDeps } from "../app.js";

const DEALER_DETAIL = { roles: ["admin", "analyst", "dealer"], dealerParam: "dealerId" } as const;
const READERS = { roles: ["admin", "analyst"] } as const;

/** The twins file, read once per change of the file (the daily job rewrites it atomically). */
function twinCache(dataDir: string) {
  const path = join(dataDir, TWIN_FILES.twins);
  let cached: { mtimeMs: number; twins: Map<string, DealerTwin> } | undefined;
  return async (): Promise<Map<string, DealerTwin>> => {
    if (!existsSync(path)) return new Map();
    const { mtimeMs } = await stat(path);
    if (cached?.mtimeMs !== mtimeMs) {
      const twins = await readAllTwins(dataDir);
      cached = { mtimeMs, twins: new Map(twins.map((twin) => [twin.dealerId, twin])) };
    }
    return cached.twins;
  };
}

/**
 * `GET /api/dealer-twin` (deviation distribution and anomalies over the caller's dealers),
 * `GET /api/dealer-twin/:dealerId` (one twin: history, forecasts with intervals, deviation, anomalies)
 * and `GET /api/dealer-twin/runs` (the daily job's run log, for the meta dashboard).
 */
export function twinRoutes(routes: GuardedRoutes, deps: AppDeps) {
  const dataDir = deps.dataDir;
  if (!dataDir) return;
  const twins = twinCache(dataDir);
  const target = deps.manifest.systems.dealerTwin.successMetric.target;

  routes.get("/api/dealer-twin", SIGNED_IN, async (c) => {
    const principal = c.get("principal");
    if (!principal) throw new DaiError("unauthenticated", "sign in", { status: 401 });
    const visible = filterByScope(principal, [...(await twins()).values()], (twin) => twin.dealerId);
    return c.json({ target, summary: twinsSummary(visible, target) });
  });

  routes.get("/api/dealer-twin/runs", READERS, async (c) => {
    const log = await readTwinLog(join(dataDir, TWIN_FILES.log));
    return c.json({ target, runs: log.runs.slice(-60) });
  });

  routes.get("/api/dealer-twin/:dealerId", DEALER_DETAIL, async (c) => {
    const dealerId = param(c, "dealerId");
    const twin = (await twins()).get(dealerId);
    if (!twin)
      throw new DaiError(
        "not_found",
        `no twin for dealer "${dealerId}" yet: it is built by the daily job (dai twin update)`,
        { status: 404 },
      );
    return c.json({ target, twin });
  });
}
