import { DaiError } from "@dai/core";
import { type BuildHistory, findBaseline, type HistoryEntry, latestApps, latestBuild } from "./history.js";
import { ASSET_TYPES, type AssetType } from "./types.js";

export type SizeMetric = "raw" | "gzip" | "brotli";

export interface CompareOptions {
  /** Percent growth that counts as a regression: the manifest's `systems.autoProfiling.threshold`. */
  thresholdPercent: number;
  /** Changes smaller than this many bytes are noise and never flagged by percent. Default 512. */
  minAbsoluteBytes?: number;
  /** Which size the deltas use. Default brotli (what users download from a precompressing host). */
  metric?: SizeMetric;
  /**
   * First-load JS budgets in bytes of `metric`: by route (`/dashboard`), by `app:route`, or `*` for
   * every route; `total` caps the app's total.
   */
  budgets?: Record<string, number>;
}

export interface Delta {
  before: number | null;
  after: number | null;
  bytes: number;
  /** Growth in percent of `before`; null when there is no `before`. */
  percent: number | null;
}

export interface Regression {
  /** Stable identity across builds (`bundle:<app>:<route or total>`), used to upsert one issue per regression. */
  key: string;
  app: string;
  route: string | null;
  reasons: ("threshold" | "budget")[];
  delta: Delta;
  budget?: number;
  message: string;
}

export interface RouteComparison {
  route: string;
  status: "added" | "removed" | "changed" | "unchanged";
  firstLoadJs: Delta;
  css: Delta;
  flagged: boolean;
}

export interface Comparison {
  app: string;
  metric: SizeMetric;
  thresholdPercent: number;
  minAbsoluteBytes: number;
  current: { id: string; commit: string; time: string };
  baseline: { id: string; commit: string; time: string } | null;
  total: Delta;
  byType: Record<AssetType, Delta>;
  routes: RouteComparison[];
  regressions: Regression[];
}

/** Change from `before` to `after`; percent is relative to `before`. */
export function delta(before: number | null | undefined, after: number | null | undefined): Delta {
  const b = before ?? null;
  const a = after ?? null;
  const bytes = (a ?? 0) - (b ?? 0);
  return { before: b, after: a, bytes, percent: b !== null && b > 0 ? (100 * bytes) / b : null };
}

/**
 * Compares a build with its baseline: total, per type and per route deltas; flags growth past the
 * threshold (ignoring changes under `minAbsoluteBytes`) and every budget overrun.
 *
 * @example compareBuilds(current, previous, { thresholdPercent: autoProfilingThreshold(manifest) })
 */
export function compareBuilds(
  current: HistoryEntry,
  baseline: HistoryEntry | undefined,
  options: CompareOptions,
): Comparison {
  if (!Number.isFinite(options.thresholdPercent) || options.thresholdPercent < 0) {
    throw new DaiError(
      "invalid_option",
      `thresholdPercent: expected a number ≥ 0, got ${options.thresholdPercent}`,
      {
        field: "thresholdPercent",
      },
    );
  }
  const metric = options.metric ?? "brotli";
  const minAbsoluteBytes = options.minAbsoluteBytes ?? 512;
  const budgets = options.budgets ?? {};
  const regressions: Regression[] = [];
  const check = (route: string | null, change: Delta, budget: number | undefined): boolean => {
    const reasons: Regression["reasons"] = [];
    const overThreshold =
      change.percent !== null &&
      change.percent > options.thresholdPercent &&
      change.bytes >= minAbsoluteBytes;
    if (overThreshold) reasons.push("threshold");
    if (budget !== undefined && (change.after ?? 0) > budget) reasons.push("budget");
    if (reasons.length === 0) return false;
    const where = route ?? "total";
    const parts: string[] = [];
    if (overThreshold) {
      parts.push(
        `+${formatBytes(change.bytes)} (+${(change.percent ?? 0).toFixed(1)}% > ${options.thresholdPercent}%)`,
      );
    }
    if (reasons.includes("budget"))
      parts.push(`${formatBytes(change.after ?? 0)} over budget ${formatBytes(budget ?? 0)}`);
    const regression: Regression = {
      key: `bundle:${current.app}:${where}`,
      app: current.app,
      route,
      reasons,
      delta: change,
      message: `${current.app} ${where}: ${parts.join("; ")} (${metric})`,
    };
    if (budget !== undefined) regression.budget = budget;
    regressions.push(regression);
    return true;
  };

  const total = delta(baseline?.totals.all[metric], current.totals.all[metric]);
  check(null, total, budgets.total);
  const byType = Object.fromEntries(
    ASSET_TYPES.map((type) => [
      type,
      delta(baseline?.totals.byType[type]?.[metric], current.totals.byType[type]?.[metric]),
    ]),
  ) as Record<AssetType, Delta>;
  const names = [...new Set([...Object.keys(current.routes), ...Object.keys(baseline?.routes ?? {})])].sort();
  const routes = names.map((route): RouteComparison => {
    const now = current.routes[route];
    const then = baseline?.routes[route];
    const firstLoadJs = delta(then?.firstLoadJs[metric], now?.firstLoadJs[metric]);
    const css = delta(then?.css[metric], now?.css[metric]);
    const status = !now
      ? "removed"
      : !then
        ? "added"
        : firstLoadJs.bytes !== 0 || css.bytes !== 0
          ? "changed"
          : "unchanged";
    const budget = budgets[`${current.app}:${route}`] ?? budgets[route] ?? budgets["*"];
    const flagged = now ? check(route, firstLoadJs, budget) : false;
    return { route, status, firstLoadJs, css, flagged };
  });
  return {
    app: current.app,
    metric,
    thresholdPercent: options.thresholdPercent,
    minAbsoluteBytes,
    current: { id: current.id, commit: current.commit, time: current.time },
    baseline: baseline ? { id: baseline.id, commit: baseline.commit, time: baseline.time } : null,
    total,
    byType,
    routes,
    regressions,
  };
}

/**
 * Compares the latest build of every app (each against its own baseline), so a monorepo with
 * several Next apps gets one comparison per app.
 */
export function compareApps(
  history: BuildHistory,
  options: CompareOptions & { baseline?: string; apps?: readonly string[] },
): Comparison[] {
  const apps = options.apps ?? latestApps(history);
  return apps.map((app) => {
    const current = latestBuild(history, app);
    if (!current)
      throw new DaiError("unknown_app", `no build of app "${app}" in the history`, {
        status: 404,
        field: "app",
      });
    return compareBuilds(current, findBaseline(history, current, options.baseline), options);
  });
}

/** `1.2 kB`, `345 B`, `2.05 MB` (decimal units, as Next printed them). */
export function formatBytes(bytes: number): string {
  const sign = bytes < 0 ? "-" : "";
  const value = Math.abs(bytes);
  if (value < 1000) return `${sign}${value} B`;
  if (value < 1_000_000) return `${sign}${(value / 1000).toFixed(1)} kB`;
  return `${sign}${(value / 1_000_000).toFixed(2)} MB`;
}
