import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { readHistory } from "@dai/bundle-profiler";
import { DaiError, type Logger, parseJson } from "@dai/core";
import { readTwinLog } from "@dai/dealer-twin";
import { JobRunLog } from "@dai/jobs";
import { type Manifest, meetsTarget, successMetric } from "@dai/manifest-schema";
import {
  type Evaluation,
  evaluateSuccessMetrics,
  type MetricHistory,
  metricHistory,
  openWarehouse,
  type Warehouse,
} from "@dai/telemetry";
import {
  MOOD_REPORT_FILE,
  type MoodReport,
  TONE_WEIGHTS_FILE,
  type ToneWeightsFile,
} from "@dai/tone-trainer";
import { inMonth, type ReportMonth } from "./month.js";

export interface ReportMetric {
  id: string;
  name: string;
  unit: string;
  targetLabel: string;
  target: number;
  value: number | null;
  status: "met" | "at-risk" | "missed" | "no-data";
  events: number;
  measuredBy: string;
  points: { day: string; value: number }[];
}

export interface Incident {
  time: string;
  kind: "missed-metric" | "failed-job" | "health-check";
  title: string;
  detail: string;
}

/** Everything the monthly report shows, gathered from the data dir (and the warehouse or the API). */
export interface ReportData {
  month: { id: string; label: string; from: string; to: string };
  generatedAt: string;
  recipients: string[];
  slackChannel: string;
  metrics: {
    /** Where the figures came from; `unavailable` with a reason when neither the warehouse nor the API answered. */
    source: "warehouse" | "api" | "unavailable";
    note?: string;
    items: ReportMetric[];
    unmeasured: { id: string; name: string }[];
  };
  /**
   * The DealershipAI Health index (0–100, @dai/ai-scores' weighted index of AI Visibility, forecast
   * accuracy, sentiment and performance), averaged over dealers, from the score snapshot the API keeps in
   * the data dir (`ai-scores-snapshot.json`, also written by `dai scores snapshot`).
   */
  health: {
    index: number | null;
    dealers: number;
    asOf: string | null;
    note?: string;
    /** Mean normalised value (0–1) of each input with its configured weight. */
    inputs: { label: string; weight: number; mean: number | null }[];
    /** Mean AI Visibility score over dealers, per day of the month. */
    aiVisibility: { day: string; value: number }[];
  };
  /** Share (percent) of the daily success-metric values that met their manifest target. */
  attainment: { index: number | null; checks: number; points: { day: string; value: number }[] };
  forecast: {
    target: number;
    targetLabel: string;
    /** Platform forecast deviation of each twin run in the month (percent). */
    runs: { time: string; value: number }[];
    latest: number | null;
    /** Latest run's 28-day MAPE per KPI. */
    byKpi: { kpi: string; mape28: number }[];
  };
  tone: {
    asOf: string | null;
    generatedAt: string;
    weights: Record<string, number>;
    change: Record<string, number> | null;
    events: number;
  } | null;
  mood: {
    generatedAt: string;
    distribution: Record<string, number>;
    positiveShare: Record<string, number>;
    overallSentiment: number | null;
    sentimentDelta: number | null;
    topMood: string | null;
    targetLabel: string | null;
    recommendations: string[];
  } | null;
  bundles: {
    series: { app: string; points: { time: string; bytes: number }[] }[];
    regressions: { app: string; time: string; commit: string; percent: number | null; bytes: number }[];
    lighthouse: { time: string; url: string; passed: boolean; scores: Record<string, number> }[];
  };
  jobs: {
    runs: number;
    failures: number;
    successRate: number | null;
    byJob: { job: string; runs: number; failures: number; medianMs: number; lastOutcome: string }[];
  };
  incidents: Incident[];
}

export interface GatherOptions {
  dataDir: string;
  manifest: Manifest;
  month: ReportMonth;
  env?: Readonly<Record<string, string | undefined>>;
  now?: Date;
  logger?: Logger;
}

const DAY = 86_400_000;

/**
 * Gathers the month's figures: success metrics (value and daily history) from the telemetry warehouse,
 * opened read-only — or, while the API holds it, from the API's read routes; the dealer twin log; tone
 * weights and the mood report; the bundle history; the job run log. A missing source is reported as
 * such, never as a made-up number.
 */
export async function gatherReport(options: GatherOptions): Promise<ReportData> {
  const { dataDir, manifest, month } = options;
  const now = options.now ?? new Date();
  const to = new Date(Math.min(month.end.getTime(), now.getTime()));
  const report = manifest.governance.monthlyReport;
  const metrics = await gatherMetrics(options, to);
  const runs = (await new JobRunLog(dataDir).all()).filter(
    (run) => run.outcome !== "skipped" && inMonth(month, run.startedAt),
  );
  const incidents: Incident[] = [];

  for (const metric of metrics.items) {
    if (metric.status === "missed") {
      incidents.push({
        time: to.toISOString(),
        kind: "missed-metric",
        title: `${metric.name} missed its target`,
        detail: `${formatNumber(metric.value)} against ${metric.targetLabel} over the month`,
      });
    }
  }
  for (const run of runs) {
    if (run.outcome === "failure") {
      incidents.push({
        time: run.startedAt,
        kind: "failed-job",
        title: `Job ${run.job} failed`,
        detail: run.error ?? run.summary,
      });
    }
  }
  incidents.push(...metrics.healthFailures);
  incidents.sort((a, b) => a.time.localeCompare(b.time));

  return {
    month: { id: month.id, label: month.label, from: month.start.toISOString(), to: to.toISOString() },
    generatedAt: now.toISOString(),
    recipients: [...report.recipients],
    slackChannel: report.slackChannel,
    metrics: {
      source: metrics.source,
      note: metrics.note,
      items: metrics.items,
      unmeasured: metrics.unmeasured,
    },
    health: await gatherHealth(dataDir, month),
    attainment: attainment(metrics.items, manifest),
    forecast: await gatherForecast(dataDir, manifest, month),
    tone: await gatherTone(dataDir),
    mood: await gatherMood(dataDir),
    bundles: await gatherBundles(dataDir, month),
    jobs: jobReliability(runs),
    incidents,
  };
}

async function readJsonFile<T>(path: string): Promise<T | null> {
  if (!existsSync(path)) return null;
  return parseJson(await readFile(path, "utf8"), path) as T;
}

async function gatherMetrics(options: GatherOptions, to: Date) {
  const { dataDir, manifest, month } = options;
  const env = options.env ?? process.env;
  const hours = Math.max(1, Math.ceil((to.getTime() - month.start.getTime()) / 3_600_000));
  const days = Math.max(1, Math.ceil((to.getTime() - month.start.getTime()) / DAY));
  const window = `${hours}h`;
  let evaluation: Evaluation | undefined;
  let history: MetricHistory[] = [];
  let healthFailures: Incident[] = [];
  let source: "warehouse" | "api" = "warehouse";
  let warehouse: Warehouse | undefined;
  try {
    warehouse = await openWarehouse({ dataDir, env, readOnly: true });
  } catch (error) {
    if (!(error instanceof DaiError)) throw error;
    if (error.code === "warehouse_locked") {
      // The API owns the warehouse while it runs: ask it instead (DESIGN.md: never a raw lock error).
      const apiUrl = (env.API_URL ?? "http://127.0.0.1:8787").replace(/\/$/, "");
      const headers: Record<string, string> = env.TELEMETRY_INGEST_KEY
        ? { authorization: `Bearer ${env.TELEMETRY_INGEST_KEY}` }
        : {};
      try {
        evaluation = (await getJson(`${apiUrl}/api/telemetry/slo?window=${window}`, headers)) as Evaluation;
        history = (await getJson(
          `${apiUrl}/api/telemetry/history?days=${Math.min(days, 366)}`,
          headers,
        )) as MetricHistory[];
        source = "api";
      } catch (apiError) {
        return unavailable(
          `the API holds the warehouse and its read routes at ${apiUrl} did not answer (${apiError instanceof Error ? apiError.message : String(apiError)}); set API_URL and TELEMETRY_INGEST_KEY`,
        );
      }
    } else if (error.code === "no_warehouse") {
      return unavailable("no telemetry warehouse in the data dir yet");
    } else {
      throw error;
    }
  }
  if (warehouse) {
    try {
      evaluation = await evaluateSuccessMetrics({ warehouse, manifest, window, now: to });
      history = await metricHistory({ warehouse, manifest, days, now: new Date(to.getTime() - 1) });
      healthFailures = await failedHealthChecks(warehouse, month.start, to);
    } finally {
      await warehouse.close();
    }
  }
  if (!evaluation) return unavailable("the warehouse did not answer");
  const evaluated = evaluation;
  const histories = new Map(history.map((h) => [h.id, h]));
  const items: ReportMetric[] = evaluated.metrics.map((m) => ({
    id: m.id,
    name: m.name,
    unit: m.unit,
    targetLabel: m.targetLabel,
    target: m.target,
    value: m.value,
    status: m.status,
    events: m.events,
    measuredBy: m.measuredBy,
    points: (histories.get(m.id)?.points ?? [])
      .filter((p) => p.day >= month.id && p.day < `${month.id}-99`)
      .map((p) => ({ day: p.day, value: p.value })),
  }));
  return {
    source,
    note: undefined as string | undefined,
    items,
    unmeasured: evaluated.unmeasured,
    healthFailures,
  };

  function unavailable(note: string) {
    return {
      source: "unavailable" as const,
      note,
      items: [] as ReportMetric[],
      unmeasured: [] as { id: string; name: string }[],
      healthFailures: [] as Incident[],
    };
  }
}

async function getJson(url: string, headers: Record<string, string>): Promise<unknown> {
  const response = await fetch(url, { headers, signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`HTTP ${response.status} from ${url}`);
  return response.json();
}

/** Failed health checks, grouped by hour so an outage is one incident, not sixty. */
async function failedHealthChecks(warehouse: Warehouse, from: Date, to: Date): Promise<Incident[]> {
  const d = warehouse.dialect;
  const rows = await warehouse.query(
    `SELECT ${d.truncate("hour", "time")} AS hour, check_name, COUNT(*) AS n FROM ${d.eventsTable} ` +
      `WHERE kind = 'health.check' AND NOT ok AND time >= ${d.timestamp(from.toISOString())} ` +
      `AND time < ${d.timestamp(to.toISOString())} GROUP BY 1, 2 ORDER BY 1`,
  );
  return rows.map((row) => ({
    time: new Date(String(row.hour)).toISOString(),
    kind: "health-check" as const,
    title: `Health check ${String(row.check_name ?? "api")} failed`,
    detail: `${Number(row.n)} failed check(s) in the hour`,
  }));
}

function attainment(items: readonly ReportMetric[], manifest: Manifest): ReportData["attainment"] {
  const byDay = new Map<string, { met: number; total: number }>();
  for (const item of items) {
    let metric: ReturnType<typeof successMetric>;
    try {
      metric = successMetric(manifest, item.id);
    } catch {
      continue;
    }
    for (const point of item.points) {
      const day = byDay.get(point.day) ?? { met: 0, total: 0 };
      day.total++;
      if (meetsTarget(metric, point.value)) day.met++;
      byDay.set(point.day, day);
    }
  }
  const points = [...byDay.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([day, { met, total }]) => ({ day, value: (met / total) * 100 }));
  const met = [...byDay.values()].reduce((sum, d) => sum + d.met, 0);
  const checks = [...byDay.values()].reduce((sum, d) => sum + d.total, 0);
  return { index: checks === 0 ? null : (met / checks) * 100, checks, points };
}

/** The file the API's score producer (and `dai scores snapshot`) keeps in the data dir. */
export const SCORE_SNAPSHOT_FILE = "ai-scores-snapshot.json";

interface SnapshotDealerLike {
  health?: { value: number | null; inputs?: { label: string; weight: number; value: number | null }[] };
  history?: { start: string; scores: number[] };
}

async function gatherHealth(dataDir: string, month: ReportMonth): Promise<ReportData["health"]> {
  const snapshot = await readJsonFile<{ asOf?: string; dealers?: SnapshotDealerLike[] }>(
    join(dataDir, SCORE_SNAPSHOT_FILE),
  );
  const dealers = Array.isArray(snapshot?.dealers) ? snapshot.dealers : [];
  if (dealers.length === 0) {
    return {
      index: null,
      dealers: 0,
      asOf: null,
      note: "no AI score snapshot in the data dir (the API writes it; or run `dai scores snapshot`)",
      inputs: [],
      aiVisibility: [],
    };
  }
  const values = dealers.map((d) => d.health?.value).filter((v): v is number => typeof v === "number");
  const inputs = new Map<string, { weight: number; sum: number; n: number }>();
  for (const dealer of dealers) {
    for (const input of dealer.health?.inputs ?? []) {
      const entry = inputs.get(input.label) ?? { weight: input.weight, sum: 0, n: 0 };
      if (typeof input.value === "number") {
        entry.sum += input.value;
        entry.n++;
      }
      inputs.set(input.label, entry);
    }
  }
  const byDay = new Map<string, { sum: number; n: number }>();
  for (const dealer of dealers) {
    const history = dealer.history;
    if (!history?.start || !Array.isArray(history.scores)) continue;
    const start = Date.parse(`${history.start}T00:00:00Z`);
    history.scores.forEach((score, index) => {
      const day = new Date(start + index * DAY).toISOString().slice(0, 10);
      if (!day.startsWith(month.id) || typeof score !== "number") return;
      const entry = byDay.get(day) ?? { sum: 0, n: 0 };
      entry.sum += score;
      entry.n++;
      byDay.set(day, entry);
    });
  }
  return {
    index: values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length,
    dealers: values.length,
    asOf: snapshot?.asOf ?? null,
    inputs: [...inputs.entries()].map(([label, e]) => ({
      label,
      weight: e.weight,
      mean: e.n ? e.sum / e.n : null,
    })),
    aiVisibility: [...byDay.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([day, e]) => ({ day, value: e.sum / e.n })),
  };
}

async function gatherForecast(
  dataDir: string,
  manifest: Manifest,
  month: ReportMonth,
): Promise<ReportData["forecast"]> {
  const metric = (() => {
    try {
      return successMetric(manifest, "forecast-accuracy");
    } catch {
      return undefined;
    }
  })();
  const path = join(dataDir, "dealer-twin-log.json");
  const log = await readTwinLog(path);
  const runs = log.runs
    .filter((run) => inMonth(month, run.startedAt) && run.deviation?.platform?.value != null)
    .map((run) => ({ time: run.startedAt, value: run.deviation.platform.value as number }));
  const latestRun = [...log.runs].reverse().find((run) => inMonth(month, run.startedAt));
  const byKpi = Object.entries(latestRun?.deviation?.byKpi ?? {})
    .filter(([, kpi]) => kpi.mape28 !== null && Number.isFinite(kpi.mape28))
    .map(([kpi, value]) => ({ kpi, mape28: value.mape28 as number }));
  return {
    target: metric?.target ?? 5,
    targetLabel: metric?.targetLabel ?? "±5%",
    runs,
    latest: runs.at(-1)?.value ?? null,
    byKpi,
  };
}

async function gatherTone(dataDir: string): Promise<ReportData["tone"]> {
  const file = await readJsonFile<ToneWeightsFile>(join(dataDir, TONE_WEIGHTS_FILE));
  if (!file?.weights) return null;
  return {
    asOf: file.asOf,
    generatedAt: file.generatedAt,
    weights: file.weights,
    change: file.change ?? null,
    events: file.input?.events ?? 0,
  };
}

async function gatherMood(dataDir: string): Promise<ReportData["mood"]> {
  const file = await readJsonFile<MoodReport>(join(dataDir, MOOD_REPORT_FILE));
  if (!file?.distribution) return null;
  const positiveShare: Record<string, number> = {};
  for (const [mood, stats] of Object.entries(file.moods ?? {})) {
    if (stats.positiveShare !== null) positiveShare[mood] = stats.positiveShare;
  }
  return {
    generatedAt: file.generatedAt,
    distribution: file.distribution,
    positiveShare,
    overallSentiment: file.overallSentiment,
    sentimentDelta: file.trend?.overallSentiment.delta ?? null,
    topMood: file.topMood?.mood ?? null,
    targetLabel: file.target?.label ?? null,
    recommendations: [...(file.recommendations ?? [])],
  };
}

async function gatherBundles(dataDir: string, month: ReportMonth): Promise<ReportData["bundles"]> {
  const history = await readHistory(dataDir);
  const byApp = new Map<string, { time: string; bytes: number }[]>();
  for (const build of history.builds) {
    if (!inMonth(month, build.time)) continue;
    const points = byApp.get(build.app) ?? [];
    points.push({ time: build.time, bytes: build.totals.all.gzip });
    byApp.set(build.app, points);
  }
  // Open regressions: an app whose latest build (up to the month's end) is flagged.
  const regressions: ReportData["bundles"]["regressions"] = [];
  const latest = new Map<string, (typeof history.builds)[number]>();
  for (const build of history.builds) {
    if (Date.parse(build.time) >= month.end.getTime()) continue;
    const seen = latest.get(build.app);
    if (!seen || seen.time <= build.time) latest.set(build.app, build);
  }
  for (const [app, build] of latest) {
    if (build.regression) {
      regressions.push({
        app,
        time: build.time,
        commit: build.commit,
        percent: build.delta?.percent ?? null,
        bytes: build.delta?.bytes ?? 0,
      });
    }
  }
  return {
    series: [...byApp.entries()].map(([app, points]) => ({
      app,
      points: points.sort((a, b) => a.time.localeCompare(b.time)),
    })),
    regressions,
    lighthouse: history.lighthouse
      .filter((entry) => inMonth(month, entry.time))
      .map((entry) => ({ time: entry.time, url: entry.url, passed: entry.passed, scores: entry.scores })),
  };
}

function jobReliability(
  runs: readonly { job: string; outcome: string; durationMs: number; startedAt: string }[],
) {
  const byJob = new Map<
    string,
    { runs: number; failures: number; durations: number[]; last: { at: string; outcome: string } }
  >();
  for (const run of runs) {
    const entry = byJob.get(run.job) ?? {
      runs: 0,
      failures: 0,
      durations: [],
      last: { at: "", outcome: "" },
    };
    entry.runs++;
    if (run.outcome === "failure") entry.failures++;
    entry.durations.push(run.durationMs);
    if (run.startedAt >= entry.last.at) entry.last = { at: run.startedAt, outcome: run.outcome };
    byJob.set(run.job, entry);
  }
  const failures = runs.filter((run) => run.outcome === "failure").length;
  return {
    runs: runs.length,
    failures,
    successRate: runs.length === 0 ? null : ((runs.length - failures) / runs.length) * 100,
    byJob: [...byJob.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([job, entry]) => {
        const sorted = [...entry.durations].sort((a, b) => a - b);
        return {
          job,
          runs: entry.runs,
          failures: entry.failures,
          medianMs: sorted[Math.floor((sorted.length - 1) / 2)] ?? 0,
          lastOutcome: entry.last.outcome,
        };
      }),
  };
}

export function formatNumber(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "no data";
  return Math.abs(value) >= 1000
    ? Math.round(value).toLocaleString("en-US")
    : Number(value.toPrecision(digits)).toString();
}
