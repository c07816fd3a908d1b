import type { ProblemDetail } from "@dai/core";
import { DEFAULT_MOODS, type FeedbackEvent } from "./events.js";

export interface MoodStats {
  /** Explanations shown in this mood. */
  readonly count: number;
  /** count / all explanations. */
  readonly share: number;
  readonly up: number;
  readonly down: number;
  readonly unrated: number;
  /** up / (up + down); null without ratings. */
  readonly positiveShare: number | null;
  /** up / down, the seed's positive/negative ratio; null when there is no thumbs down. */
  readonly positiveNegativeRatio: number | null;
}

export interface MoodTrend {
  readonly previousGeneratedAt: string;
  readonly overallSentiment: { previous: number | null; current: number | null; delta: number | null };
  readonly topMood: { previous: string | null; current: string | null; changed: boolean };
  /** Per mood: change of share and of positive share since the previous report. */
  readonly moods: Record<string, { shareDelta: number | null; positiveShareDelta: number | null }>;
}

export interface MoodReport {
  readonly version: 1;
  readonly generatedAt: string;
  readonly asOf: string | null;
  /** Only events within this many days of `asOf`; null: all. */
  readonly windowDays: number | null;
  readonly input: {
    path: string | null;
    events: number;
    skipped: number;
    problems: readonly ProblemDetail[];
  };
  readonly totals: { events: number; up: number; down: number; unrated: number };
  /** mood → share of explanations. */
  readonly distribution: Record<string, number>;
  readonly moods: Record<string, MoodStats>;
  /** Share of feedback that is positive (the manifest's Copilot Positive Sentiment); null without ratings. */
  readonly overallSentiment: number | null;
  readonly target: { id: string; target: number; label: string; met: boolean | null } | null;
  /** The mood with the highest positive share among those with ≥ `minRatings` ratings. */
  readonly topMood: { mood: string; positiveShare: number; ratings: number } | null;
  readonly recommendations: readonly string[];
  readonly trend: MoodTrend | null;
}

export interface MoodOptions {
  /** The sentiment success metric: id, target and a label ("> 0.8"), and whether a value meets it. */
  readonly target?: { id: string; target: number; label: string; meets: (value: number) => boolean };
  /** Ratings a mood needs to be ranked or advised on; default 20. */
  readonly minRatings?: number;
  readonly windowDays?: number;
  readonly previous?: MoodReport;
  readonly now?: Date;
  readonly input?: { path: string | null; skipped: number; problems: readonly ProblemDetail[] };
}

type MoodCounts = { up: number; down: number; unrated: number };

/**
 * Counts per mood and day, fed one event at a time (a file never sits in memory); `counts(days)`
 * sums the last `days` days up to the newest event.
 */
export class MoodAccumulator {
  readonly #byMood = new Map<string, Map<number, MoodCounts>>();
  #latestMs = Number.NaN;

  add(event: FeedbackEvent): void {
    let byDay = this.#byMood.get(event.mood);
    if (!byDay) {
      byDay = new Map();
      this.#byMood.set(event.mood, byDay);
    }
    const day = Math.floor(event.timeMs / 86_400_000);
    let entry = byDay.get(day);
    if (!entry) {
      entry = { up: 0, down: 0, unrated: 0 };
      byDay.set(day, entry);
    }
    if (!(event.timeMs <= this.#latestMs)) this.#latestMs = event.timeMs;
    if (event.feedback === "up") entry.up++;
    else if (event.feedback === "down") entry.down++;
    else entry.unrated++;
  }

  /** Newest event time (ms), NaN when empty. */
  get latestMs(): number {
    return this.#latestMs;
  }

  counts(windowDays?: number): Map<string, MoodCounts> {
    const firstDay =
      windowDays === undefined ? -Infinity : Math.floor(this.#latestMs / 86_400_000) - windowDays + 1;
    const out = new Map<string, MoodCounts>();
    for (const [mood, byDay] of this.#byMood) {
      const sum = { up: 0, down: 0, unrated: 0 };
      for (const [day, entry] of byDay) {
        if (day < firstDay) continue;
        sum.up += entry.up;
        sum.down += entry.down;
        sum.unrated += entry.unrated;
      }
      out.set(mood, sum);
    }
    return out;
  }
}

/**
 * The daily mood report exactly as the seed lists it — mood distribution, positive/negative ratio
 * per mood, overall sentiment score, top performing mood, recommendations — plus the trend against
 * the previous report.
 *
 * @example moodReport(accumulator.counts(), { previous, target: { id, target: 0.8, label: "> 0.8", meets } })
 */
export function moodReport(
  counts: ReadonlyMap<string, { up: number; down: number; unrated: number }>,
  options: MoodOptions & { asOfMs?: number } = {},
): MoodReport {
  const minRatings = options.minRatings ?? 20;
  const defaults: readonly string[] = DEFAULT_MOODS;
  const names = [...defaults, ...[...counts.keys()].filter((mood) => !defaults.includes(mood)).sort()];
  const totals = { events: 0, up: 0, down: 0, unrated: 0 };
  for (const entry of counts.values()) {
    totals.up += entry.up;
    totals.down += entry.down;
    totals.unrated += entry.unrated;
    totals.events += entry.up + entry.down + entry.unrated;
  }
  const moods: Record<string, MoodStats> = {};
  for (const mood of names) {
    const { up, down, unrated } = counts.get(mood) ?? { up: 0, down: 0, unrated: 0 };
    const count = up + down + unrated;
    moods[mood] = {
      count,
      share: totals.events > 0 ? count / totals.events : 0,
      up,
      down,
      unrated,
      positiveShare: up + down > 0 ? up / (up + down) : null,
      positiveNegativeRatio: down > 0 ? up / down : null,
    };
  }
  const rated = totals.up + totals.down;
  const overallSentiment = rated > 0 ? totals.up / rated : null;
  let topMood: MoodReport["topMood"] = null;
  for (const [mood, stats] of Object.entries(moods)) {
    const ratings = stats.up + stats.down;
    if (ratings < minRatings || stats.positiveShare === null) continue;
    if (!topMood || stats.positiveShare > topMood.positiveShare) {
      topMood = { mood, positiveShare: stats.positiveShare, ratings };
    }
  }
  const target = options.target
    ? {
        id: options.target.id,
        target: options.target.target,
        label: options.target.label,
        met: overallSentiment === null ? null : options.target.meets(overallSentiment),
      }
    : null;
  const generatedAt = (options.now ?? new Date()).toISOString();
  const report: Omit<MoodReport, "recommendations" | "trend"> = {
    version: 1,
    generatedAt,
    asOf:
      options.asOfMs !== undefined && !Number.isNaN(options.asOfMs)
        ? new Date(options.asOfMs).toISOString()
        : null,
    windowDays: options.windowDays ?? null,
    input: { path: null, skipped: 0, problems: [], ...options.input, events: totals.events },
    totals,
    distribution: Object.fromEntries(Object.entries(moods).map(([mood, stats]) => [mood, stats.share])),
    moods,
    overallSentiment,
    target,
    topMood,
  };
  return {
    ...report,
    recommendations: recommend(report, minRatings),
    trend: options.previous ? trendAgainst(report, options.previous) : null,
  };
}

function recommend(report: Omit<MoodReport, "recommendations" | "trend">, minRatings: number): string[] {
  const out: string[] = [];
  const overall = report.overallSentiment;
  if (overall === null)
    return ["No rated Copilot explanations yet: ask users for thumbs up/down to learn which mood works."];
  const pct = (value: number) => `${(100 * value).toFixed(1)}%`;
  if (report.target && report.target.met === false) {
    out.push(
      `Positive sentiment is ${pct(overall)}, short of the ${report.target.label} target: favour the best-rated moods until it recovers.`,
    );
  }
  if (report.topMood) {
    out.push(
      `"${report.topMood.mood}" performs best (${pct(report.topMood.positiveShare)} positive over ${report.topMood.ratings} ratings): use it where the KPI trend allows.`,
    );
  }
  for (const [mood, stats] of Object.entries(report.moods)) {
    const ratings = stats.up + stats.down;
    if (ratings < minRatings) {
      if (stats.count > 0) out.push(`"${mood}" has only ${ratings} ratings: too few to judge yet.`);
      continue;
    }
    if (stats.positiveShare !== null && stats.positiveShare < overall - 0.03) {
      out.push(
        `"${mood}" lands below average (${pct(stats.positiveShare)} vs ${pct(overall)} positive): soften its wording or use it less.`,
      );
    }
  }
  return out;
}

function trendAgainst(
  report: Omit<MoodReport, "recommendations" | "trend">,
  previous: MoodReport,
): MoodTrend {
  const delta = (now: number | null | undefined, before: number | null | undefined) =>
    now === null || now === undefined || before === null || before === undefined ? null : now - before;
  const moods: MoodTrend["moods"] = {};
  for (const [mood, stats] of Object.entries(report.moods)) {
    const before = previous.moods?.[mood];
    moods[mood] = {
      shareDelta: delta(stats.share, before?.share),
      positiveShareDelta: delta(stats.positiveShare, before?.positiveShare),
    };
  }
  const previousTop = previous.topMood?.mood ?? null;
  const currentTop = report.topMood?.mood ?? null;
  return {
    previousGeneratedAt: previous.generatedAt,
    overallSentiment: {
      previous: previous.overallSentiment ?? null,
      current: report.overallSentiment,
      delta: delta(report.overallSentiment, previous.overallSentiment),
    },
    topMood: { previous: previousTop, current: currentTop, changed: previousTop !== currentTop },
    moods,
  };
}
