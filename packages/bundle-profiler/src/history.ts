import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { DaiError, parseJson, writeJsonAtomic } from "@dai/core";
import type { AssetType, BundleReport, Sizes } from "./types.js";

export const HISTORY_FILE = "build-metrics.json";
const HISTORY_VERSION = 1;

/** One analysed build as kept in `data/build-metrics.json`. */
export interface HistoryEntry {
  id: string;
  app: string;
  commit: string;
  branch?: string;
  time: string;
  builder: string;
  buildId: string;
  totals: { all: Sizes; byType: Record<AssetType, Sizes> };
  routes: Record<string, { firstLoadJs: Sizes; routeJs: Sizes; css: Sizes }>;
  /** Filled when the build was compared on the way in (the seed's delta and regression flag). */
  delta?: { bytes: number; percent: number | null; metric: string };
  regression?: boolean;
}

/** One Lighthouse run set (median of several runs) of one URL. */
export interface LighthouseEntry {
  time: string;
  commit: string;
  url: string;
  runs: number;
  /** Category id → median score 0–1. */
  scores: Record<string, number>;
  /** Audit id → median numeric value (ms or unitless), e.g. largest-contentful-paint. */
  metrics: Record<string, number>;
  passed: boolean;
}

export interface BuildHistory {
  version: number;
  builds: HistoryEntry[];
  /** Named baselines: name → app → entry id (e.g. `main` → `web` → the main branch's last build). */
  baselines: Record<string, Record<string, string>>;
  lighthouse: LighthouseEntry[];
}

export function historyPath(dataDir: string): string {
  return join(dataDir, HISTORY_FILE);
}

/**
 * The build history of the data dir, empty when there is none yet.
 *
 * @example const history = await readHistory("data"); history.builds.at(-1)?.totals.all.brotli
 */
export async function readHistory(dataDir: string): Promise<BuildHistory> {
  const path = historyPath(dataDir);
  if (!existsSync(path)) return emptyHistory();
  const value = parseJson(await readFile(path, "utf8"), path) as Partial<BuildHistory>;
  if (value === null || typeof value !== "object" || !Array.isArray(value.builds)) {
    throw new DaiError("invalid_history", `${path}: expected an object with a "builds" array`, {
      status: 422,
      field: "builds",
    });
  }
  if (value.version !== undefined && value.version > HISTORY_VERSION) {
    throw new DaiError(
      "invalid_history",
      `${path}: version ${value.version} is newer than this tool (${HISTORY_VERSION})`,
      {
        status: 422,
        field: "version",
      },
    );
  }
  value.builds.forEach((entry, index) => {
    if (typeof entry?.app !== "string" || typeof entry.id !== "string" || typeof entry.routes !== "object") {
      throw new DaiError("invalid_history", `${path}: builds[${index}] lacks id, app or routes`, {
        status: 422,
        field: `builds[${index}]`,
      });
    }
  });
  return {
    version: HISTORY_VERSION,
    builds: value.builds,
    baselines: value.baselines ?? {},
    lighthouse: value.lighthouse ?? [],
  };
}

export function emptyHistory(): BuildHistory {
  return { version: HISTORY_VERSION, builds: [], baselines: {}, lighthouse: [] };
}

export async function writeHistory(dataDir: string, history: BuildHistory): Promise<void> {
  await writeJsonAtomic(historyPath(dataDir), history);
}

/** The history form of a report: totals and per-route sizes, without chunk and module detail. */
export function toHistoryEntry(
  report: BundleReport,
  meta: { commit: string; branch?: string; time?: string },
): HistoryEntry {
  const time = meta.time ?? report.analyzedAt;
  const entry: HistoryEntry = {
    id: `${report.app}@${time}`,
    app: report.app,
    commit: meta.commit,
    time,
    builder: report.builder,
    buildId: report.buildId,
    totals: { all: report.totals.all, byType: report.totals.byType },
    routes: Object.fromEntries(
      report.routes.map((route) => [
        route.route,
        { firstLoadJs: route.firstLoadJs, routeJs: route.routeJs, css: route.css },
      ]),
    ),
  };
  if (meta.branch) entry.branch = meta.branch;
  return entry;
}

/**
 * Appends builds and keeps the newest `maxPerApp` of each app (named baselines are never dropped).
 *
 * @example await appendBuilds("data", [toHistoryEntry(report, { commit: "abc123" })]);
 */
export async function appendBuilds(
  dataDir: string,
  entries: readonly HistoryEntry[],
  maxPerApp = 500,
): Promise<BuildHistory> {
  const history = await readHistory(dataDir);
  history.builds.push(...entries);
  const pinned = new Set(Object.values(history.baselines).flatMap((byApp) => Object.values(byApp)));
  const seen = new Map<string, number>();
  const kept: HistoryEntry[] = [];
  for (let i = history.builds.length - 1; i >= 0; i--) {
    const entry = history.builds[i] as HistoryEntry;
    const count = (seen.get(entry.app) ?? 0) + 1;
    seen.set(entry.app, count);
    if (count <= maxPerApp || pinned.has(entry.id)) kept.push(entry);
  }
  history.builds = kept.reverse();
  await writeHistory(dataDir, history);
  return history;
}

/** Names the latest build of every app (or of `apps`) as baseline `name`, e.g. `main`. */
export async function saveBaseline(
  dataDir: string,
  name: string,
  apps?: readonly string[],
): Promise<Record<string, string>> {
  const history = await readHistory(dataDir);
  const byApp: Record<string, string> = { ...history.baselines[name] };
  for (const app of apps ?? latestApps(history)) {
    const latest = latestBuild(history, app);
    if (!latest)
      throw new DaiError("unknown_app", `no build of app "${app}" in the history`, {
        status: 404,
        field: "app",
      });
    byApp[app] = latest.id;
  }
  history.baselines[name] = byApp;
  await writeHistory(dataDir, history);
  return byApp;
}

export function latestApps(history: BuildHistory): string[] {
  return [...new Set(history.builds.map((entry) => entry.app))].sort();
}

export function latestBuild(history: BuildHistory, app: string): HistoryEntry | undefined {
  return history.builds.findLast((entry) => entry.app === app);
}

/**
 * The build to compare `current` with: the named baseline's build of the same app, or else the
 * build of that app just before `current`.
 */
export function findBaseline(
  history: BuildHistory,
  current: HistoryEntry,
  baseline?: string,
): HistoryEntry | undefined {
  if (baseline && baseline !== "previous") {
    const named = history.baselines[baseline];
    if (!named) {
      const known = Object.keys(history.baselines);
      throw new DaiError(
        "unknown_baseline",
        `baseline "${baseline}" not found (known: ${known.length ? known.join(", ") : "none"}, or "previous")`,
        { status: 404, field: "baseline" },
      );
    }
    const id = named[current.app];
    return id ? history.builds.find((entry) => entry.id === id) : undefined;
  }
  const index = history.builds.findIndex((entry) => entry.id === current.id);
  const before = index >= 0 ? history.builds.slice(0, index) : history.builds;
  return before.findLast((entry) => entry.app === current.app);
}

/** Appends Lighthouse results to the history. */
export async function appendLighthouse(dataDir: string, entries: readonly LighthouseEntry[]): Promise<void> {
  const history = await readHistory(dataDir);
  history.lighthouse.push(...entries);
  await writeHistory(dataDir, history);
}
