import type { ProblemDetail } from "@dai/core";
import { FeedbackAccumulator, type FeedbackCounts } from "./counts.js";
import { countWithDuckDb } from "./duckdb.js";
import { DEFAULT_TONES } from "./events.js";
import { buildPosteriorModel, type PosteriorModel, type PosteriorOptions } from "./posterior.js";
import { type EventSource, type ScanOptions, scanEvents } from "./scan.js";

export interface TrainOptions extends PosteriorOptions, ScanOptions {
  /** Half-life of the time decay in days (manifest `halfLifeDays`); undefined or ≤ 0: no decay. */
  readonly halfLifeDays: number | undefined;
  /** Tones to weight; default the Copilot's five plus any other tone seen in the data. */
  readonly tones?: readonly string[];
  /** Dealer → cluster (segment or k-means cluster); no clusters when absent. */
  readonly clusterOf?: (dealerId: string) => string | undefined;
  /**
   * How a file is counted: "stream" (JSON.parse per line, no DuckDB), "duckdb" (SQL over the file,
   * falling back to the stream when any event is malformed, so problems still get their line),
   * or "auto" (DuckDB for files ≥ `duckDbMinBytes`, default 64 MiB). Arrays are always streamed.
   */
  readonly engine?: "auto" | "stream" | "duckdb";
  readonly duckDbMinBytes?: number;
}

export interface TrainSummary {
  events: number;
  rated: number;
  unrated: number;
  ignored: number;
  skipped: number;
  problems: ProblemDetail[];
  engine: "stream" | "duckdb";
  /** Newest event: the time the decay is measured from. */
  asOf: string | null;
}

export interface ToneTraining {
  readonly model: PosteriorModel;
  readonly counts: FeedbackCounts;
  readonly summary: TrainSummary;
}

/**
 * Counts feedback from an in-memory array, an async iterable or a file, and builds the posterior
 * model and weights. DuckDB is optional: arrays and streams never touch it.
 *
 * @example const { model } = await trainTone(events, { floor: toneFloor(m), halfLifeDays: 14 })
 */
export async function trainTone(source: EventSource, options: TrainOptions): Promise<ToneTraining> {
  const { counts, summary } = await countFeedback(source, options);
  const seen = new Set<string>();
  for (const byTone of counts.cells.values()) for (const tone of byTone.keys()) seen.add(tone);
  const defaults: readonly string[] = DEFAULT_TONES;
  const tones = options.tones ?? [
    ...defaults,
    ...[...seen].filter((tone) => !defaults.includes(tone)).sort(),
  ];
  const model = buildPosteriorModel(counts, tones, options.clusterOf ?? (() => undefined), options);
  return { model, counts, summary };
}

/** The counting half of `trainTone`: decayed counts per dealer × tone, by the chosen engine. */
export async function countFeedback(
  source: EventSource,
  options: TrainOptions,
): Promise<{ counts: FeedbackCounts; summary: TrainSummary }> {
  // One file of a list is a file: it may be counted by DuckDB. Several are streamed one after the other.
  if ("paths" in source && source.paths.length === 1) source = { path: source.paths[0] as string };
  if ("path" in source && (await useDuckDb(source.path, options))) {
    const result = await countWithDuckDb(source.path, { halfLifeDays: options.halfLifeDays });
    if (result.clean)
      return { counts: result.counts, summary: { ...result.summary, problems: [], skipped: 0 } };
  }
  const accumulator = new FeedbackAccumulator(options.halfLifeDays);
  let rated = 0;
  const scan = await scanEvents(
    source,
    (event) => {
      if (event.feedback !== null) rated++;
      accumulator.add(event.dealerId, event.tone, event.feedback, event.timeMs);
    },
    options,
  );
  const counts = accumulator.finish();
  return {
    counts,
    summary: {
      events: scan.events,
      rated,
      unrated: scan.events - rated,
      ignored: scan.ignored,
      skipped: scan.skipped,
      problems: scan.problems,
      engine: "stream",
      asOf: Number.isNaN(counts.latestMs) ? null : new Date(counts.latestMs).toISOString(),
    },
  };
}

async function useDuckDb(path: string, options: TrainOptions): Promise<boolean> {
  const engine = options.engine ?? "auto";
  if (engine === "stream") return false;
  if (engine === "duckdb") return true;
  const { stat } = await import("node:fs/promises");
  try {
    return (await stat(path)).size >= (options.duckDbMinBytes ?? 64 * 1024 * 1024);
  } catch {
    return false;
  }
}
