import type { HistoryEntry } from "../history.js";
import type { Sizes } from "../types.js";

const s = (brotli: number): Sizes => ({ raw: brotli * 4, gzip: Math.round(brotli * 1.2), brotli });

/** A history entry with the given brotli first-load size per route (totals: their sum). */
export function entry(
  app: string,
  time: string,
  routes: Record<string, number>,
  commit = time,
): HistoryEntry {
  const total = Object.values(routes).reduce((a, b) => a + b, 0);
  return {
    id: `${app}@${time}`,
    app,
    commit,
    time,
    builder: "turbopack",
    buildId: "b",
    totals: {
      all: s(total),
      byType: { js: s(total), css: s(0), image: s(0), font: s(0), other: s(0) },
    },
    routes: Object.fromEntries(
      Object.entries(routes).map(([route, br]) => [
        route,
        { firstLoadJs: s(br), routeJs: s(br / 10), css: s(0) },
      ]),
    ),
  };
}
