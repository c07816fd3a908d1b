// Fixtures for tests of code that reads bundle history (the API's bundle routes, the dashboard's
// bundles page): `@dai/bundle-profiler/testing`, kept out of the main entry.
import type { HistoryEntry } from "./history.js";
import type { Sizes } from "./types.js";

/** Sizes of a JS file of `raw` bytes, with gzip and brotli at plausible ratios (1/3, 1/4). */
function fixtureSizes(raw: number): Sizes {
  return { raw, gzip: Math.round(raw / 3), brotli: Math.round(raw / 4) };
}

/**
 * One build as `dai bundle analyze` records it in the history: `routes` maps each route to its
 * first-load JS in raw bytes (route-only JS is half of it; no CSS, images or fonts), on day `day` of
 * June 2026 at 06:00 UTC.
 *
 * @example fixtureBuild({ day: 3, routes: { "/": 100_000, "/dealers": 150_000 } })
 */
export function fixtureBuild(options: {
  day: number;
  routes: Record<string, number>;
  app?: string;
  builder?: HistoryEntry["builder"];
}): HistoryEntry {
  const { day, routes, app = "web", builder = "turbopack" } = options;
  const zero = fixtureSizes(0);
  const total = Object.values(routes).reduce((sum, raw) => sum + raw, 0);
  const time = `2026-06-${String(day).padStart(2, "0")}T06:00:00.000Z`;
  return {
    id: `${app}@${time}`,
    app,
    commit: `c0ffee${day}`,
    time,
    builder,
    buildId: `b${day}`,
    totals: {
      all: fixtureSizes(total),
      byType: { js: fixtureSizes(total), css: zero, image: zero, font: zero, other: zero },
    },
    routes: Object.fromEntries(
      Object.entries(routes).map(([route, raw]) => [
        route,
        { firstLoadJs: fixtureSizes(raw), routeJs: fixtureSizes(raw / 2), css: zero },
      ]),
    ),
  };
}
