import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import {
  type CommandContext,
  type CommandSpec,
  commandDataDir,
  DATA_DIR_OPTION,
  DaiError,
  defineCommand,
  findProjectRoot,
  formatTable,
  parseJson,
  resolveManifestPath,
  writeFileAtomic,
  writeJsonAtomic,
} from "@dai/core";
import { autoProfilingThreshold, loadManifest } from "@dai/manifest-schema";
import { readNotices } from "@dai/notify";
import { analyzeBuild } from "./analyze.js";
import { type Comparison, compareApps, formatBytes, type SizeMetric } from "./compare.js";
import { appendBuilds, appendLighthouse, readHistory, saveBaseline, toHistoryEntry } from "./history.js";
import { runLighthouse } from "./lighthouse.js";
import { bundleNotices, NOTICES_FILE, withLighthouse } from "./notices.js";
import { bundleMarkdown, comparisonsMarkdown } from "./report.js";
import type { BundleReport } from "./types.js";

export const COMPARISON_FILE = "bundle-comparison.json";
export const REPORTS_DIR = "bundle-reports";

function list(value: unknown): string[] {
  return typeof value === "string"
    ? value
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean)
    : [];
}

function numberOption(value: unknown, name: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isFinite(number) || number < min || number > max) {
    throw new DaiError(
      "invalid_option",
      `--${name}: expected a number from ${min} to ${max}, got "${String(value)}"`,
      {
        field: name,
      },
    );
  }
  return number;
}

/** The commit being measured: CI's GITHUB_SHA, else the checkout's HEAD, else "unknown". */
export function currentCommit(
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
): { commit: string; branch?: string } {
  const branch = env.GITHUB_HEAD_REF || env.GITHUB_REF_NAME;
  if (env.GITHUB_SHA) return branch ? { commit: env.GITHUB_SHA, branch } : { commit: env.GITHUB_SHA };
  try {
    const commit = execFileSync("git", ["rev-parse", "HEAD"], {
      cwd,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
    return { commit };
  } catch {
    return { commit: "unknown" };
  }
}

export const bundleAnalyzeCommand: CommandSpec = defineCommand({
  path: ["bundle", "analyze"],
  summary: "Measure a Next.js build (Turbopack or webpack): per-route first-load JS, gzip and brotli sizes",
  description:
    "Reads Next's manifests in <app>/.next, compresses every client asset (gzip 9, brotli 11; cached by content hash), appends the result to data/build-metrics.json and keeps the full report in data/bundle-reports/<app>.json.",
  options: [
    {
      flags: "--app <dirs>",
      description: "app folder(s) or build dir(s), comma-separated (default: <project>/apps/web)",
    },
    {
      flags: "--name <names>",
      description: "app name(s) in the history, comma-separated (default: folder name)",
    },
    {
      flags: "--cache-file <path>",
      description: "compression cache (default: <data-dir>/cache/bundle-sizes.json)",
    },
    { flags: "--no-history", description: "do not append to data/build-metrics.json" },
    DATA_DIR_OPTION,
  ],
  examples: ["dai bundle analyze", "dai bundle analyze --app apps/web,apps/docs --json"],
  async run(context) {
    const { options, env, cwd, progress } = context;
    const dataDir = commandDataDir(context);
    const root = findProjectRoot(cwd) ?? cwd;
    const apps = list(options.app);
    const dirs = apps.length > 0 ? apps.map((dir) => resolve(cwd, dir)) : [join(root, "apps", "web")];
    const names = list(options.name);
    const meta = currentCommit(env, cwd);
    const reports: BundleReport[] = [];
    for (const [index, dir] of dirs.entries()) {
      const report = await analyzeBuild({
        dir,
        app: names[index],
        cacheFile:
          typeof options.cacheFile === "string"
            ? resolve(cwd, options.cacheFile)
            : join(dataDir, "cache", "bundle-sizes.json"),
        progress,
      });
      await writeJsonAtomic(join(dataDir, REPORTS_DIR, `${report.app}.json`), report);
      reports.push(report);
    }
    if (options.history !== false)
      await appendBuilds(
        dataDir,
        reports.map((r) => toHistoryEntry(r, meta)),
      );
    const text = reports
      .map(
        (r) =>
          `${r.app} (${r.builder}): ${r.routes.length} routes, total ${formatBytes(r.totals.all.brotli)} brotli (${r.cache.hits} cached, ${r.cache.misses} compressed)\n${formatTable(
            r.routes.map((route) => ({
              route: route.route,
              firstLoad: formatBytes(route.firstLoadJs.raw),
              gzip: formatBytes(route.firstLoadJs.gzip),
              brotli: formatBytes(route.firstLoadJs.brotli),
              own: formatBytes(route.routeJs.brotli),
              css: formatBytes(route.css.brotli),
            })),
            [
              { key: "route", label: "Route" },
              { key: "firstLoad", label: "First-load JS", align: "right" },
              { key: "gzip", label: "gzip", align: "right" },
              { key: "brotli", label: "brotli", align: "right" },
              { key: "own", label: "Route-only (br)", align: "right" },
              { key: "css", label: "CSS (br)", align: "right" },
            ],
          )}`,
      )
      .join("\n\n");
    return { data: reports.length === 1 ? reports[0] : reports, text };
  },
});

/** The commit and CI run link for notices (GITHUB_SERVER_URL/REPOSITORY/RUN_ID when in Actions). */
function runMeta({ env, cwd }: CommandContext): { commit?: string; runUrl?: string } {
  const meta: { commit?: string; runUrl?: string } = {};
  const { commit } = currentCommit(env, cwd);
  if (commit !== "unknown") meta.commit = commit;
  if (env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID) {
    meta.runUrl = `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`;
  }
  return meta;
}

async function thresholdFromManifest(context: CommandContext): Promise<number> {
  const manifest = await loadManifest(resolveManifestPath(context.env, context.cwd));
  return autoProfilingThreshold(manifest);
}

async function readBudgets(
  path: unknown,
  cwd: string,
  fallback: number | undefined,
): Promise<Record<string, number>> {
  const budgets: Record<string, number> = {};
  if (fallback !== undefined) budgets["*"] = fallback;
  if (typeof path !== "string") return budgets;
  const file = resolve(cwd, path);
  const value = parseJson(await readFile(file, "utf8"), file);
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new DaiError("invalid_budgets", `${file}: expected an object of route → bytes`, {
      field: "budgets",
    });
  }
  for (const [key, bytes] of Object.entries(value)) {
    if (typeof bytes !== "number" || !(bytes > 0)) {
      throw new DaiError("invalid_budgets", `${file}: "${key}" must be a positive number of bytes`, {
        field: key,
      });
    }
    budgets[key] = bytes;
  }
  return budgets;
}

async function compareFromContext(context: CommandContext): Promise<Comparison[]> {
  const { options, cwd } = context;
  const dataDir = commandDataDir(context);
  const history = await readHistory(dataDir);
  if (history.builds.length === 0) {
    throw new DaiError(
      "no_history",
      `${dataDir}/build-metrics.json has no builds; run \`dai bundle analyze\` first`,
      {
        status: 404,
      },
    );
  }
  const metric = (typeof options.metric === "string" ? options.metric : "brotli") as SizeMetric;
  if (!["raw", "gzip", "brotli"].includes(metric)) {
    throw new DaiError("invalid_option", `--metric: expected raw, gzip or brotli, got "${metric}"`, {
      field: "metric",
    });
  }
  const apps = list(options.app);
  return compareApps(history, {
    thresholdPercent: await thresholdFromManifest(context),
    minAbsoluteBytes: numberOption(options.minBytes, "min-bytes", 0, 1e9),
    metric,
    budgets: await readBudgets(options.budgets, cwd, numberOption(options.budget, "budget", 1, 1e10)),
    baseline: typeof options.baseline === "string" ? options.baseline : undefined,
    apps: apps.length > 0 ? apps : undefined,
  });
}

const compareOptions = [
  { flags: "--baseline <name>", description: 'named baseline (e.g. "main") or "previous" (default)' },
  {
    flags: "--app <names>",
    description: "app names to compare, comma-separated (default: every app in the history)",
  },
  { flags: "--metric <metric>", description: "raw, gzip or brotli (default brotli)" },
  { flags: "--min-bytes <bytes>", description: "ignore changes smaller than this (default 512)" },
  { flags: "--budget <bytes>", description: "first-load JS budget for every route" },
  {
    flags: "--budgets <file>",
    description: 'JSON of budgets: { "/route": bytes, "app:/route": bytes, "*": bytes, "total": bytes }',
  },
  DATA_DIR_OPTION,
];

export const bundleCompareCommand: CommandSpec = defineCommand({
  path: ["bundle", "compare"],
  summary: "Compare the latest build of every app with its baseline; flag growth past the manifest threshold",
  description:
    "The threshold is the manifest's systems.autoProfiling.threshold (percent). Writes data/bundle-comparison.json and data/perf-notices.json (for `dai perf notify`); exits 1 with --fail-on-regression when anything is flagged.",
  options: [
    ...compareOptions,
    {
      flags: "--save-baseline <name>",
      description: "afterwards, name the latest builds as this baseline (e.g. main)",
    },
    { flags: "--fail-on-regression", description: "exit with code 1 when a regression is flagged" },
  ],
  examples: ["dai bundle compare", "dai bundle compare --baseline main --budget 250000 --json"],
  async run(context) {
    const comparisons = await compareFromContext(context);
    const dataDir = commandDataDir(context);
    await writeJsonAtomic(join(dataDir, COMPARISON_FILE), {
      comparedAt: new Date().toISOString(),
      comparisons,
    });
    await writeJsonAtomic(join(dataDir, NOTICES_FILE), bundleNotices(comparisons, runMeta(context)));
    if (typeof context.options.saveBaseline === "string")
      await saveBaseline(dataDir, context.options.saveBaseline);
    const regressions = comparisons.flatMap((c) => c.regressions);
    return {
      data: { comparisons, regressions: regressions.length },
      text: comparisonsMarkdown(comparisons),
      exitCode: regressions.length > 0 && context.options.failOnRegression === true ? 1 : 0,
    };
  },
});

export const bundleReportCommand: CommandSpec = defineCommand({
  path: ["bundle", "report"],
  summary: "Markdown report of the latest analysis of every app, with its comparison",
  options: [
    ...compareOptions,
    { flags: "--out <file>", description: "also write the markdown to this file" },
  ],
  examples: ["dai bundle report", "dai bundle report --baseline main --out bundle-report.md"],
  async run(context) {
    const dataDir = commandDataDir(context);
    const dir = join(dataDir, REPORTS_DIR);
    const files = existsSync(dir) ? (await readdir(dir)).filter((f) => f.endsWith(".json")).sort() : [];
    if (files.length === 0) {
      throw new DaiError("no_report", `${dir} has no reports; run \`dai bundle analyze\` first`, {
        status: 404,
      });
    }
    const comparisons = await compareFromContext(context).catch((error: unknown) => {
      if (error instanceof DaiError && error.code === "no_history") return [] as Comparison[];
      throw error;
    });
    const wanted = list(context.options.app);
    const sections: string[] = [];
    for (const file of files) {
      const report = parseJson(await readFile(join(dir, file), "utf8"), join(dir, file)) as BundleReport;
      if (wanted.length > 0 && !wanted.includes(report.app)) continue;
      sections.push(
        bundleMarkdown(
          report,
          comparisons.find((c) => c.app === report.app),
        ),
      );
    }
    const markdown = sections.join("\n");
    if (typeof context.options.out === "string")
      await writeFileAtomic(resolve(context.cwd, context.options.out), markdown);
    return { data: { markdown, apps: files.map((f) => basename(f, ".json")) }, text: markdown };
  },
});

/** `performance=0.9,accessibility=0.95` → `{ performance: 0.9, accessibility: 0.95 }`. */
export function parseThresholds(value: unknown): Record<string, number> {
  const thresholds: Record<string, number> = {};
  for (const pair of list(value)) {
    const [category, raw] = pair.split("=");
    const score = Number(raw);
    if (!category || raw === undefined || !(score >= 0 && score <= 1)) {
      throw new DaiError(
        "invalid_option",
        `--thresholds: "${pair}" must be category=score with a score 0–1`,
        {
          field: "thresholds",
        },
      );
    }
    thresholds[category] = score;
  }
  return thresholds;
}

export const perfLighthouseCommand: CommandSpec = defineCommand({
  path: ["perf", "lighthouse"],
  summary: "Run Lighthouse against URLs (median of several runs) and check score thresholds",
  description:
    "Uses Debian's Chromium ($CHROME_PATH or /usr/bin/chromium), headless. Scores are appended to data/build-metrics.json; exits 1 when a median score is under its threshold.",
  options: [
    { flags: "--url <urls>", description: "URL(s) to audit, comma-separated (required)" },
    { flags: "--runs <count>", description: "runs per URL, median kept (default 3)" },
    {
      flags: "--thresholds <list>",
      description: "category=score pairs, e.g. performance=0.9,accessibility=0.95",
    },
    {
      flags: "--chrome-path <path>",
      description: "Chromium binary (default: $CHROME_PATH or /usr/bin/chromium)",
    },
    { flags: "--no-history", description: "do not append the scores to the history" },
    DATA_DIR_OPTION,
  ],
  examples: [
    "dai perf lighthouse --url http://127.0.0.1:3000/,http://127.0.0.1:3000/pulse/meta --thresholds performance=0.9",
  ],
  async run(context) {
    const { options, env, cwd, progress } = context;
    const urls = list(options.url);
    if (urls.length === 0)
      throw new DaiError("invalid_option", "--url: give at least one URL", { field: "url" });
    const results = await runLighthouse({
      urls,
      runs: numberOption(options.runs, "runs", 1, 25),
      thresholds: parseThresholds(options.thresholds),
      chromePath: typeof options.chromePath === "string" ? options.chromePath : env.CHROME_PATH,
      commit: currentCommit(env, cwd).commit,
      progress,
    });
    const dataDir = commandDataDir(context);
    if (options.history !== false) {
      await appendLighthouse(
        dataDir,
        results.map(({ failures: _failures, ...entry }) => entry),
      );
    }
    // Merged into the notices of `dai bundle compare` so one notify step reports both.
    const noticesPath = join(dataDir, NOTICES_FILE);
    const previous = existsSync(noticesPath) ? await readNotices(noticesPath) : undefined;
    await writeJsonAtomic(noticesPath, withLighthouse(previous, results));
    const text = results
      .map((r) => {
        const scores = Object.entries(r.scores)
          .map(([k, v]) => `${k} ${Math.round(v * 100)}`)
          .join(", ");
        const failed = r.failures.map(
          (f) => `${f.category} ${Math.round(f.score * 100)} < ${Math.round(f.threshold * 100)}`,
        );
        return `${r.passed ? "✓" : "✗"} ${r.url} (median of ${r.runs}): ${scores}${failed.length ? ` — below threshold: ${failed.join(", ")}` : ""}`;
      })
      .join("\n");
    return { data: { results }, text, exitCode: results.every((r) => r.passed) ? 0 : 1 };
  },
});

export const bundleProfilerCommands: readonly CommandSpec[] = [
  bundleAnalyzeCommand,
  bundleCompareCommand,
  bundleReportCommand,
  perfLighthouseCommand,
];
