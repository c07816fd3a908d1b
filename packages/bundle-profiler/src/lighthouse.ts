import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DaiError, type Progress } from "@dai/core";
import type { LighthouseEntry } from "./history.js";

export const DEFAULT_CATEGORIES = ["performance", "accessibility", "best-practices", "seo"] as const;
const METRIC_AUDITS = [
  "first-contentful-paint",
  "largest-contentful-paint",
  "total-blocking-time",
  "cumulative-layout-shift",
  "speed-index",
  "interactive",
];
/** TOOLCHAIN pitfall 8 and MACHINE.md: what Debian's Chromium needs to run headless here and in CI. */
export const CHROMIUM_FLAGS = [
  "--headless=new",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-dev-shm-usage",
];

/** Scores (0–1 by category) and metric values of one Lighthouse run. */
export interface LighthouseRun {
  scores: Record<string, number>;
  metrics: Record<string, number>;
}

/** Runs Lighthouse once against `url` through Chromium's debugging `port`. */
export type LighthouseRunner = (
  url: string,
  port: number,
  categories: readonly string[],
) => Promise<LighthouseRun>;

export interface LighthouseOptions {
  urls: readonly string[];
  /** Runs per URL; the median of each score is kept. Default 3. */
  runs?: number;
  /** Category → lowest acceptable median score (0–1); the lead maps these from the manifest. */
  thresholds?: Record<string, number>;
  categories?: readonly string[];
  /** Default: $CHROME_PATH or /usr/bin/chromium. */
  chromePath?: string;
  commit?: string;
  now?: Date;
  progress?: Progress;
  /** Replaces the real Lighthouse call (tests of the orchestration). */
  runner?: LighthouseRunner;
}

export interface LighthouseResult extends LighthouseEntry {
  failures: { category: string; score: number; threshold: number }[];
}

/** Median of the values (mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * Runs Lighthouse `runs` times against every URL with Debian's Chromium (launched once, headless),
 * keeps the median score per category and metric, and checks the medians against `thresholds`.
 *
 * @example const [home] = await runLighthouse({ urls: ["http://127.0.0.1:3000/"], thresholds: { performance: 0.9 } });
 */
export async function runLighthouse(options: LighthouseOptions): Promise<LighthouseResult[]> {
  const runs = options.runs ?? 3;
  if (!Number.isInteger(runs) || runs < 1 || runs > 25) {
    throw new DaiError("invalid_option", `runs: expected an integer 1–25, got ${runs}`, { field: "runs" });
  }
  if (options.urls.length === 0)
    throw new DaiError("invalid_option", "urls: give at least one URL", { field: "urls" });
  for (const url of options.urls) {
    if (!/^https?:\/\//.test(url))
      throw new DaiError("invalid_option", `urls: "${url}" is not an http(s) URL`, { field: "urls" });
  }
  for (const [category, threshold] of Object.entries(options.thresholds ?? {})) {
    if (!(threshold >= 0 && threshold <= 1)) {
      throw new DaiError("invalid_option", `thresholds.${category}: expected a score 0–1, got ${threshold}`, {
        field: `thresholds.${category}`,
      });
    }
  }
  const categories = options.categories ?? DEFAULT_CATEGORIES;
  const runner = options.runner ?? runRealLighthouse;
  const chrome = await launchChromium(options.chromePath ?? process.env.CHROME_PATH ?? "/usr/bin/chromium");
  const results: LighthouseResult[] = [];
  try {
    for (const url of options.urls) {
      options.progress?.start(`lighthouse ${url}`, runs);
      const samples: LighthouseRun[] = [];
      for (let run = 0; run < runs; run++) {
        samples.push(await runner(url, chrome.port, categories));
        options.progress?.update(run + 1);
      }
      const scores = medianOf(samples.map((s) => s.scores));
      const failures = Object.entries(options.thresholds ?? {})
        .filter(([category, threshold]) => !((scores[category] ?? 0) >= threshold))
        .map(([category, threshold]) => ({ category, score: scores[category] ?? 0, threshold }));
      results.push({
        time: (options.now ?? new Date()).toISOString(),
        commit: options.commit ?? "unknown",
        url,
        runs,
        scores,
        metrics: medianOf(samples.map((s) => s.metrics)),
        passed: failures.length === 0,
        failures,
      });
      options.progress?.finish(
        Object.entries(scores)
          .map(([k, v]) => `${k} ${Math.round(v * 100)}`)
          .join(", "),
      );
    }
  } finally {
    await chrome.close();
  }
  return results;
}

function medianOf(samples: readonly Record<string, number>[]): Record<string, number> {
  const keys = [...new Set(samples.flatMap((s) => Object.keys(s)))].sort();
  return Object.fromEntries(
    keys.map((key) => [
      key,
      median(samples.map((s) => s[key]).filter((v): v is number => typeof v === "number")),
    ]),
  );
}

const runRealLighthouse: LighthouseRunner = async (url, port, categories) => {
  // Loaded on demand: Lighthouse is large and only this command needs it.
  const { default: lighthouse } = await import("lighthouse");
  const result = await lighthouse(url, {
    port,
    output: "json",
    logLevel: "error",
    onlyCategories: [...categories],
  });
  if (!result)
    throw new DaiError("lighthouse_failed", `lighthouse returned no result for ${url}`, { status: 502 });
  const lhr = result.lhr;
  if (lhr.runtimeError) {
    throw new DaiError("lighthouse_failed", `${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`, {
      status: 502,
    });
  }
  const scores: Record<string, number> = {};
  for (const [id, category] of Object.entries(lhr.categories))
    if (typeof category.score === "number") scores[id] = category.score;
  const metrics: Record<string, number> = {};
  for (const id of METRIC_AUDITS) {
    const value = lhr.audits[id]?.numericValue;
    if (typeof value === "number") metrics[id] = value;
  }
  return { scores, metrics };
};

interface LaunchedChrome {
  port: number;
  close(): Promise<void>;
}

/** Starts Chromium with a fresh profile and a debugging port on 127.0.0.1, read from its stderr. */
export async function launchChromium(executable: string): Promise<LaunchedChrome> {
  const profile = await mkdtemp(join(tmpdir(), "dai-lighthouse-"));
  const child = spawn(
    executable,
    [
      ...CHROMIUM_FLAGS,
      `--user-data-dir=${profile}`,
      "--remote-debugging-address=127.0.0.1",
      "--remote-debugging-port=0",
      "about:blank",
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  const close = async () => {
    await stopChild(child);
    await rm(profile, { recursive: true, force: true });
  };
  try {
    const port = await new Promise<number>((resolvePort, reject) => {
      let seen = "";
      const timer = setTimeout(
        () => reject(new Error(`Chromium did not open a debugging port within 30 s: ${seen.slice(-500)}`)),
        30_000,
      );
      child.once("error", (error) => {
        clearTimeout(timer);
        reject(
          new DaiError(
            "chromium_missing",
            `cannot start Chromium at ${executable} (${error.message}); set CHROME_PATH`,
            { status: 500 },
          ),
        );
      });
      child.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`Chromium exited with code ${code}: ${seen.slice(-500)}`));
      });
      child.stderr?.on("data", (data: Buffer) => {
        seen += data.toString();
        const match = /DevTools listening on ws:\/\/[^:]+:(\d+)\//.exec(seen);
        if (match) {
          clearTimeout(timer);
          resolvePort(Number(match[1]));
        }
      });
    });
    child.stderr?.removeAllListeners("data");
    child.stderr?.resume();
    child.removeAllListeners("exit");
    return { port, close };
  } catch (error) {
    await close();
    throw error;
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolveExit) => child.once("exit", () => resolveExit()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
  await exited;
  clearTimeout(timer);
}
