import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import {
  type BuildHistory,
  COMPARISON_FILE,
  type Comparison,
  HISTORY_FILE,
  NOTICES_FILE,
  type PerfNotices,
  readHistory,
} from "@dai/bundle-profiler";
import { DaiError, parseJson } from "@dai/core";
import { autoProfilingThreshold, lighthouseSettings } from "@dai/manifest-schema";
import { z } from "zod";
import type { GuardedRoutes } from "../access.js";
import type { AppDeps } from "../app.js";
import { parseQuery } from "./dealers.js";

const READERS = { roles: ["admin", "analyst"] } as const;
const NOT_YET =
  "no build analysed yet: run `pnpm --filter @dai/web build` then `dai bundle analyze` (and `dai bundle compare`)";

/** What the bundles routes need; provided by `features/bundles.ts` in the Node entry, by tests directly. */
export interface BundlesDeps {
  /** Where `build-metrics.json`, `bundle-comparison.json` and `perf-notices.json` live. */
  dataDir: string;
  /** `owner/name` of the GitHub repository regressions are filed in (GITHUB_REPOSITORY), for issue links. */
  githubRepository?: string;
}

const historyQuery = z.strictObject({
  app: z.string().min(1).max(100).optional(),
  limit: z.coerce.number({ error: "expected an integer 1–500" }).int().min(1).max(500).optional(),
});

async function readOptional<T>(path: string, check: (value: unknown) => boolean, what: string) {
  if (!existsSync(path)) return undefined;
  const value = parseJson(await readFile(path, "utf8"), path);
  if (!check(value))
    throw new DaiError("invalid_bundle_data", `${path}: not a ${what} file`, { status: 422, field: what });
  return value as T;
}

/** A link to the regression's issue: the URL notify recorded, else a search of the repository's open issues. */
function issueLink(
  regression: { key: string; title?: string; url?: string },
  repository: string | undefined,
): string | null {
  if (regression.url) return regression.url;
  if (!repository) return null;
  const query = `is:issue is:open label:perf-regression in:title "${regression.title ?? regression.key}"`;
  return `https://github.com/${repository}/issues?q=${encodeURIComponent(query)}`;
}

/** Per app, its builds oldest first with totals and per-route first-load JS (bytes, raw/gzip/brotli). */
function historyView(history: BuildHistory, app: string | undefined, limit: number) {
  const apps = [...new Set(history.builds.map((b) => b.app))].sort();
  return {
    apps,
    builds: Object.fromEntries(
      apps
        .filter((name) => app === undefined || name === app)
        .map((name) => [
          name,
          history.builds
            .filter((b) => b.app === name)
            .slice(-limit)
            .map((b) => ({
              id: b.id,
              commit: b.commit,
              branch: b.branch ?? null,
              time: b.time,
              builder: b.builder,
              total: b.totals.all,
              byType: b.totals.byType,
              routes: Object.fromEntries(
                Object.entries(b.routes).map(([route, sizes]) => [route, sizes.firstLoadJs]),
              ),
              regression: b.regression ?? false,
            })),
        ]),
    ),
  };
}

/**
 * `GET /api/bundles` (everything the bundles page shows: size history per app and route, the latest
 * comparison, open regressions with issue links, Lighthouse history, the manifest's threshold),
 * `GET /api/bundles/history?app=&limit=` and `GET /api/bundles/lighthouse`. Admin and analyst only.
 */
export function bundlesRoutes(routes: GuardedRoutes, deps: AppDeps) {
  const bundles = deps.bundles;
  if (!bundles) return;
  const threshold = autoProfilingThreshold(deps.manifest);
  const lighthouse = lighthouseSettings(deps.manifest);
  const paths = {
    comparison: join(bundles.dataDir, COMPARISON_FILE),
    notices: join(bundles.dataDir, NOTICES_FILE),
  };

  const regressionsOf = (notices: PerfNotices | undefined) =>
    (notices?.regressions ?? []).map((regression) => {
      const summary = notices?.summary.regressions.find((r) => r.key === regression.key) as
        | { key: string; message: string; url?: string }
        | undefined;
      return {
        key: regression.key,
        title: regression.title,
        message: summary?.message ?? regression.title,
        kind: regression.key.startsWith("lighthouse:") ? "lighthouse" : "bundle",
        issueUrl: issueLink(
          { ...regression, ...(summary?.url ? { url: summary.url } : {}) },
          bundles.githubRepository,
        ),
      };
    });

  routes.get("/api/bundles", READERS, async (c) => {
    const history = await readHistory(bundles.dataDir);
    const comparison = await readOptional<{ comparedAt: string; comparisons: Comparison[] }>(
      paths.comparison,
      (v) => Array.isArray((v as { comparisons?: unknown })?.comparisons),
      "comparison",
    );
    const notices = await readOptional<PerfNotices>(
      paths.notices,
      (v) => Array.isArray((v as { regressions?: unknown })?.regressions),
      "notices",
    );
    return c.json({
      ready: history.builds.length > 0,
      message: history.builds.length > 0 ? null : NOT_YET,
      threshold,
      lighthouseThresholds: lighthouse.thresholds,
      history: historyView(history, undefined, 60),
      comparison: comparison ?? null,
      regressions: regressionsOf(notices),
      lighthouse: history.lighthouse.slice(-200),
      files: { history: HISTORY_FILE, comparison: COMPARISON_FILE, notices: NOTICES_FILE },
    });
  });

  routes.get("/api/bundles/history", READERS, async (c) => {
    const query = parseQuery(historyQuery, c.req.query());
    const history = await readHistory(bundles.dataDir);
    if (query.app !== undefined && !history.builds.some((b) => b.app === query.app))
      throw new DaiError("not_found", `no build of app "${query.app}" in ${HISTORY_FILE}`, {
        status: 404,
        field: "app",
      });
    return c.json({ threshold, ...historyView(history, query.app, query.limit ?? 500) });
  });

  routes.get("/api/bundles/lighthouse", READERS, async (c) => {
    const history = await readHistory(bundles.dataDir);
    return c.json({ thresholds: lighthouse.thresholds, pages: lighthouse.pages, runs: history.lighthouse });
  });
}
