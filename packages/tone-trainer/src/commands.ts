import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import {
  type CommandContext,
  type CommandSpec,
  commandDataDir,
  DATA_DIR_OPTION,
  DaiError,
  defineCommand,
  formatTable,
  writeJsonAtomic,
} from "@dai/core";
import { MoodAccumulator, type MoodReport, moodReport } from "./mood.js";
import { readPreviousWeights, type ToneWeightsFile, toWeightsFile } from "./output.js";
import { type EventSource, scanEvents } from "./scan.js";
import { loadClusters, loadContextManifest, sentimentTarget, toneSettings } from "./settings.js";
import { trainTone } from "./train.js";

const EVENTS_FILE = "copilot-events.json";
/**
 * The Copilot's append-only feedback log (one `copilot.explanation` event per thumbs up/down, NDJSON),
 * kept beside `copilot-events.json` because that file is a JSON array one cannot append to. Read after it
 * by default.
 */
export const FEEDBACK_FILE = "copilot-feedback.ndjson";
export const TONE_WEIGHTS_FILE = "tone-weights.json";
export const MOOD_REPORT_FILE = "mood-report.json";

function paths(context: CommandContext, defaultOutput: string) {
  const { options, env, cwd } = context;
  const dataDir = commandDataDir({ options, env, cwd });
  const input = typeof options.input === "string" ? resolve(cwd, options.input) : join(dataDir, EVENTS_FILE);
  const output =
    typeof options.output === "string" ? resolve(cwd, options.output) : join(dataDir, defaultOutput);
  // Without --input: the events file, then the Copilot's feedback log when there is one.
  const feedback = join(dataDir, FEEDBACK_FILE);
  const inputs = typeof options.input !== "string" && existsSync(feedback) ? [input, feedback] : [input];
  const source: EventSource = inputs.length === 1 ? { path: input } : { paths: inputs };
  return { dataDir, input: inputs.join(" + "), source, output };
}

function choice<T extends string>(value: unknown, name: string, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value === "string" && (allowed as readonly string[]).includes(value)) return value as T;
  throw new DaiError(
    "invalid_option",
    `--${name}: expected one of ${allowed.join(", ")}, got "${String(value)}"`,
    {
      field: name,
    },
  );
}

const fmt = (value: number | null | undefined, digits = 3) =>
  value === null || value === undefined ? "—" : value.toFixed(digits);
const signed = (value: number | null | undefined) =>
  value === null || value === undefined ? "—" : `${value >= 0 ? "+" : ""}${value.toFixed(3)}`;

export const trainToneCommand: CommandSpec = defineCommand({
  path: ["train-tone"],
  summary: "Retrain the Copilot tone weights from thumbs up/down (Beta–Bernoulli, time-decayed)",
  description:
    "Reads Copilot events (a JSON array or NDJSON, streamed; DuckDB counts large files) and writes the tone weights file atomically with the posterior parameters, the previous weights and the change. Floor (minWeight) and half-life come from the manifest. A malformed event is reported with its line and skipped, or fatal with --strict; a failed run leaves the previous file untouched.",
  options: [
    {
      flags: "--input <path>",
      description: `events file (default <data-dir>/${EVENTS_FILE}, then <data-dir>/${FEEDBACK_FILE} when present)`,
    },
    { flags: "--output <path>", description: `weights file (default <data-dir>/${TONE_WEIGHTS_FILE})` },
    DATA_DIR_OPTION,
    { flags: "--strict", description: "fail on the first malformed event instead of skipping it" },
    {
      flags: "--engine <auto|stream|duckdb>",
      description: "how to count: auto uses DuckDB for files ≥ 64 MiB",
    },
    {
      flags: "--clusters <file|none>",
      description: "dealer → cluster JSON (default: segments of <data-dir>/dealers.json when present)",
    },
    {
      flags: "--method <probability-best|expected-reward>",
      description: "weights from P(best) (default) or means",
    },
  ],
  examples: [
    "dai train-tone",
    "dai train-tone --input events.ndjson --strict --json",
    "dai train-tone --engine duckdb --clusters clusters.json",
  ],
  async run(context) {
    const { options, progress } = context;
    const { dataDir, input, source, output } = paths(context, TONE_WEIGHTS_FILE);
    const manifest = await loadContextManifest(context.env, context.cwd);
    const settings = toneSettings(manifest);
    const clusterOf = await loadClusters(
      typeof options.clusters === "string" ? options.clusters : undefined,
      dataDir,
    );
    const trainOptions = {
      ...settings,
      strict: options.strict === true,
      engine: choice(options.engine, "engine", ["auto", "stream", "duckdb"] as const),
      method: choice(options.method, "method", ["probability-best", "expected-reward"] as const),
      clusterOf,
      onProgress: (records: number) => progress.update(records),
    };
    progress.start(`training tone weights from ${input}`);
    const training = await trainTone(source, trainOptions);
    progress.finish(`${training.summary.events} events, ${training.summary.skipped} skipped`);
    const previous = await readPreviousWeights(output);
    const file = toWeightsFile(training, trainOptions, previous, { path: input });
    await writeJsonAtomic(output, file);
    return { data: { output, ...file }, text: describeWeights(file, output) };
  },
});

function describeWeights(file: ToneWeightsFile, output: string): string {
  const rows = file.tones.map((tone) => {
    const posterior = file.posteriors[tone];
    return {
      tone,
      weight: fmt(file.weights[tone]),
      previous: fmt(file.previousWeights?.[tone]),
      change: signed(file.change?.[tone]),
      approval: fmt(posterior?.mean),
      interval: posterior ? `${fmt(posterior.lower)}–${fmt(posterior.upper)}` : "—",
      ratings: posterior ? String(posterior.up + posterior.down) : "0",
    };
  });
  const table = formatTable(rows, [
    { key: "tone", label: "tone" },
    { key: "weight", label: "weight", align: "right" },
    { key: "previous", label: "previous", align: "right" },
    { key: "change", label: "change", align: "right" },
    { key: "approval", label: "approval", align: "right" },
    { key: "interval", label: "95% interval" },
    { key: "ratings", label: "ratings", align: "right" },
  ]);
  const clusters = Object.entries(file.clusters).map(
    ([name, c]) =>
      `  ${name}: ${
        c.fallback
          ? "too little data, global weights"
          : Object.entries(c.weights)
              .map(([t, w]) => `${t} ${w.toFixed(3)}`)
              .join(", ")
      }`,
  );
  const { input } = file;
  const lines = [
    `wrote ${output}: ${input.events} events (${input.rated} rated) via ${input.engine}, floor ${file.algorithm.floor}, half-life ${file.algorithm.halfLifeDays ?? "none"} d`,
    table,
  ];
  if (clusters.length > 0) lines.push("clusters:", ...clusters);
  if (input.skipped > 0) {
    lines.push(
      `skipped ${input.skipped} malformed event(s):`,
      ...input.problems.slice(0, 10).map((p) => `  ${p.path}: ${p.message}`),
    );
  }
  return lines.join("\n");
}

export const moodCommand: CommandSpec = defineCommand({
  path: ["mood"],
  summary: "Write the daily mood report: distribution, positive/negative per mood, sentiment, trend",
  description:
    "Reads Copilot events (JSON array or NDJSON, streamed) and writes the mood report atomically: mood distribution, positive/negative ratio per mood, overall sentiment against the manifest's Copilot Positive Sentiment target, top performing mood, recommendations and the trend against the previous report.",
  options: [
    {
      flags: "--input <path>",
      description: `events file (default <data-dir>/${EVENTS_FILE}, then <data-dir>/${FEEDBACK_FILE} when present)`,
    },
    { flags: "--output <path>", description: `report file (default <data-dir>/${MOOD_REPORT_FILE})` },
    DATA_DIR_OPTION,
    { flags: "--days <n>", description: "only the last n days up to the newest event (default: all)" },
    { flags: "--strict", description: "fail on the first malformed event instead of skipping it" },
  ],
  examples: ["dai mood", "dai mood --days 1 --json"],
  async run(context) {
    const { options, progress } = context;
    const { input, source, output } = paths(context, MOOD_REPORT_FILE);
    let windowDays: number | undefined;
    if (options.days !== undefined) {
      windowDays = Number(options.days);
      if (!Number.isInteger(windowDays) || windowDays < 1) {
        throw new DaiError(
          "invalid_option",
          `--days: expected a positive integer, got "${String(options.days)}"`,
          {
            field: "days",
          },
        );
      }
    }
    const manifest = await loadContextManifest(context.env, context.cwd);
    const accumulator = new MoodAccumulator();
    progress.start(`mood analytics from ${input}`);
    const scan = await scanEvents(source, (event) => accumulator.add(event), {
      strict: options.strict === true,
      onProgress: (records) => progress.update(records),
    });
    progress.finish(`${scan.events} events`);
    const report = moodReport(accumulator.counts(windowDays), {
      target: sentimentTarget(manifest),
      asOfMs: accumulator.latestMs,
      previous: await readPreviousReport(output),
      input: { path: input, skipped: scan.skipped, problems: scan.problems },
      ...(windowDays === undefined ? {} : { windowDays }),
    });
    await writeJsonAtomic(output, report);
    return { data: { output, ...report }, text: describeMood(report, output) };
  },
});

async function readPreviousReport(path: string): Promise<MoodReport | undefined> {
  try {
    const document = JSON.parse(await readFile(path, "utf8")) as MoodReport;
    return typeof document?.moods === "object" && document.moods !== null ? document : undefined;
  } catch {
    return undefined;
  }
}

function describeMood(report: MoodReport, output: string): string {
  const trend = report.trend?.moods;
  const rows = Object.entries(report.moods).map(([mood, s]) => ({
    mood,
    share: fmt(s.share),
    up: String(s.up),
    down: String(s.down),
    positive: fmt(s.positiveShare),
    ratio: fmt(s.positiveNegativeRatio, 2),
    trend: signed(trend?.[mood]?.positiveShareDelta),
  }));
  const table = formatTable(rows, [
    { key: "mood", label: "mood" },
    { key: "share", label: "share", align: "right" },
    { key: "up", label: "up", align: "right" },
    { key: "down", label: "down", align: "right" },
    { key: "positive", label: "positive", align: "right" },
    { key: "ratio", label: "up/down", align: "right" },
    { key: "trend", label: "Δ positive", align: "right" },
  ]);
  const target = report.target
    ? ` (target ${report.target.label}: ${report.target.met ? "met" : "not met"})`
    : "";
  return [
    `wrote ${output}: ${report.totals.events} events, overall sentiment ${fmt(report.overallSentiment)}${target}` +
      (report.trend
        ? `, ${signed(report.trend.overallSentiment.delta)} since ${report.trend.previousGeneratedAt}`
        : ""),
    table,
    `top mood: ${report.topMood?.mood ?? "—"}`,
    ...report.recommendations.map((line) => `- ${line}`),
  ].join("\n");
}

/** Every command this package contributes to `dai`. */
export const toneTrainerCommands: readonly CommandSpec[] = [trainToneCommand, moodCommand];
