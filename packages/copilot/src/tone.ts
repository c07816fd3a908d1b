import { DaiError, type Random } from "@dai/core";
import {
  buildPosteriorModel,
  DEFAULT_TONES,
  FeedbackAccumulator,
  type FeedbackEvent,
  scanEvents,
  ToneSelector,
  type ToneWeightsFile,
  weightsFor,
} from "@dai/tone-trainer";
import { COPILOT_TONES, type CopilotTone } from "./templates.js";

const DAY_MS = 86_400_000;

/** The tone chosen for a reply and what it was chosen from. */
export interface ToneChoice {
  readonly tone: CopilotTone;
  /** The weights in force for this dealer (its cluster's when it had data enough, else the global ones). */
  readonly weights: Record<string, number>;
  readonly cluster: string | null;
  readonly source: "cluster" | "global" | "uniform";
}

/**
 * The tone of one reply: floored Thompson sampling (`ToneSelector` of @dai/tone-trainer) over the posteriors
 * of the weights file `dai train-tone` writes — the dealer's cluster's when it had data enough, else the
 * global ones; every tone keeps at least the floor's chance. Without a weights file: uniform.
 *
 * @example selectTone(await readPreviousWeights("data/tone-weights.json"), "luxury", 0.1, mulberry32(7)).tone
 */
export function selectTone(
  file: ToneWeightsFile | undefined,
  cluster: string | undefined,
  floor: number,
  random: Random,
): ToneChoice {
  const tones = COPILOT_TONES.filter((tone) => !file || file.tones.includes(tone));
  if (!file || tones.length === 0) {
    const selector = new ToneSelector({ tones: COPILOT_TONES, floor, random });
    const uniform = Object.fromEntries(COPILOT_TONES.map((t) => [t, 1 / COPILOT_TONES.length]));
    return { tone: selector.choose() as CopilotTone, weights: uniform, cluster: null, source: "uniform" };
  }
  const own = cluster === undefined ? undefined : file.clusters[cluster];
  const useCluster = own !== undefined && !own.fallback;
  const posteriors = useCluster ? own.posteriors : file.posteriors;
  const selector = new ToneSelector({
    tones,
    floor: Math.min(file.algorithm.floor ?? floor, 1 / tones.length),
    random,
    posteriors: Object.fromEntries(
      tones.map((tone) => [tone, { alpha: posteriors[tone]?.alpha ?? 1, beta: posteriors[tone]?.beta ?? 1 }]),
    ),
  });
  return {
    tone: selector.choose() as CopilotTone,
    weights: weightsFor(file, cluster),
    cluster: useCluster ? (cluster as string) : null,
    source: useCluster ? "cluster" : "global",
  };
}

/** Reads every valid Copilot event of some files (JSON array or NDJSON), skipping malformed ones. */
export async function loadEvents(paths: readonly string[]): Promise<FeedbackEvent[]> {
  const events: FeedbackEvent[] = [];
  if (paths.length === 0) return events;
  await scanEvents({ paths }, (event) => events.push(event));
  return events;
}

/** The weights as they stood at one cut-off: what the nightly job would have written that day. */
export interface TonePoint {
  readonly asOf: string;
  readonly ratings: number;
  readonly weights: Record<string, number>;
  /** Posterior mean and 95 % interval of each tone's approval rate. */
  readonly intervals: Record<string, { mean: number; lower: number; upper: number }>;
  readonly clusters: Record<string, { fallback: boolean; weights: Record<string, number> }>;
}

export interface HistoryOptions {
  readonly floor: number;
  readonly halfLifeDays: number | undefined;
  readonly method?: "probability-best" | "expected-reward";
  readonly clusterOf?: (dealerId: string) => string | undefined;
  /** Cut-offs, one every `stepDays` back from the newest event (default 12 × 7 days). */
  readonly points?: number;
  readonly stepDays?: number;
}

/**
 * Weights over time, replayed: at each cut-off (weekly by default, back from the newest event) the
 * trainer runs on the events up to that moment, with the same prior, decay, floor and clusters as the
 * nightly job. The last point equals what `dai train-tone` writes from the same events.
 */
export async function toneHistory(
  events: readonly FeedbackEvent[],
  options: HistoryOptions,
): Promise<TonePoint[]> {
  if (events.length === 0) return [];
  const points = options.points ?? 12;
  const step = (options.stepDays ?? 7) * DAY_MS;
  if (!(Number.isInteger(points) && points >= 1 && points <= 400)) {
    throw new DaiError("invalid_option", `points: expected an integer 1–400, got ${points}`, {
      field: "points",
    });
  }
  const sorted = [...events].sort((a, b) => a.timeMs - b.timeMs);
  const newest = (sorted.at(-1) as FeedbackEvent).timeMs;
  const out: TonePoint[] = [];
  for (let k = points - 1; k >= 0; k--) {
    const cut = newest - k * step;
    // Events are sorted: the prefix up to the cut-off.
    let end = sorted.length;
    while (end > 0 && (sorted[end - 1] as FeedbackEvent).timeMs > cut) end--;
    if (end === 0) continue;
    // The trainer's own accumulator and model on the already-validated events (no re-parsing per point).
    const accumulator = new FeedbackAccumulator(options.halfLifeDays);
    const seen = new Set<string>();
    let rated = 0;
    for (let i = 0; i < end; i++) {
      const e = sorted[i] as FeedbackEvent;
      accumulator.add(e.dealerId, e.tone, e.feedback, e.timeMs);
      seen.add(e.tone);
      if (e.feedback !== null) rated++;
    }
    const defaults: readonly string[] = DEFAULT_TONES;
    const tones = [...defaults, ...[...seen].filter((t) => !defaults.includes(t)).sort()];
    const model = buildPosteriorModel(accumulator.finish(), tones, options.clusterOf ?? (() => undefined), {
      floor: options.floor,
      method: options.method,
    });
    const summary = { rated };
    out.push({
      asOf: new Date(cut).toISOString(),
      ratings: summary.rated,
      weights: model.global.weights,
      intervals: Object.fromEntries(
        Object.entries(model.global.posteriors).map(([tone, p]) => [
          tone,
          { mean: p.mean, lower: p.lower, upper: p.upper },
        ]),
      ),
      clusters: Object.fromEntries(
        Object.entries(model.clusters).map(([name, c]) => [
          name,
          { fallback: c.fallback, weights: c.weights },
        ]),
      ),
    });
  }
  return out;
}

/** One day of Copilot feedback: the share positive that day and over the 7 days up to it. */
export interface SentimentDay {
  readonly date: string;
  readonly up: number;
  readonly down: number;
  readonly sentiment: number | null;
  readonly rolling7: number | null;
}

/**
 * Daily positive sentiment (up / (up + down)) and its value over the 7 calendar days up to each day, for
 * the last `days` days that have ratings.
 */
export function sentimentByDay(events: readonly FeedbackEvent[], days = 60): SentimentDay[] {
  const byDay = new Map<number, { up: number; down: number }>();
  for (const event of events) {
    if (event.feedback === null) continue;
    const day = Math.floor(event.timeMs / DAY_MS);
    const entry = byDay.get(day) ?? { up: 0, down: 0 };
    entry[event.feedback]++;
    byDay.set(day, entry);
  }
  if (byDay.size === 0) return [];
  // The last `days` days that have ratings (a quiet spell leaves no empty stretch on the chart).
  const active = [...byDay.keys()].sort((a, b) => a - b).slice(-days);
  const out: SentimentDay[] = [];
  for (const day of active) {
    const today = byDay.get(day) ?? { up: 0, down: 0 };
    let up = 0;
    let down = 0;
    for (let d = day - 6; d <= day; d++) {
      up += byDay.get(d)?.up ?? 0;
      down += byDay.get(d)?.down ?? 0;
    }
    out.push({
      date: new Date(day * DAY_MS).toISOString().slice(0, 10),
      up: today.up,
      down: today.down,
      sentiment: today.up + today.down === 0 ? null : today.up / (today.up + today.down),
      rolling7: up + down === 0 ? null : up / (up + down),
    });
  }
  return out;
}
