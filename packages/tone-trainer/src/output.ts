import { readFile } from "node:fs/promises";
import type { ClusterWeights, PosteriorOptions, TonePosterior } from "./posterior.js";
import type { ToneTraining } from "./train.js";

/** The tone weights file (`data/tone-weights.json`), what the Copilot reads at runtime. */
export interface ToneWeightsFile {
  readonly version: 1;
  readonly generatedAt: string;
  /** Newest event: the decay is measured from here. */
  readonly asOf: string | null;
  readonly algorithm: {
    readonly method: "beta-bernoulli";
    readonly weights: "probability-best" | "expected-reward";
    readonly prior: { alpha: number; beta: number };
    readonly halfLifeDays: number | null;
    readonly floor: number;
    readonly clusterStrength: number;
    readonly minClusterRatings: number;
  };
  readonly input: {
    readonly path: string | null;
    readonly engine: "stream" | "duckdb";
    readonly events: number;
    readonly rated: number;
    readonly unrated: number;
    readonly ignored: number;
    readonly skipped: number;
    readonly problems: readonly { path: string; message: string }[];
  };
  readonly tones: readonly string[];
  readonly weights: Record<string, number>;
  /** The weights of the file this run replaced; null on the first run. */
  readonly previousWeights: Record<string, number> | null;
  /** weights − previousWeights per tone; null on the first run. */
  readonly change: Record<string, number> | null;
  readonly posteriors: Record<string, TonePosterior>;
  readonly clusters: Record<
    string,
    ClusterWeights & { previousWeights: Record<string, number> | null; change: Record<string, number> | null }
  >;
}

/**
 * Builds the weights file from a training result and the file it replaces (if any).
 *
 * @example toWeightsFile(training, options, await readPreviousWeights(path), { path, now: new Date() })
 */
export function toWeightsFile(
  training: ToneTraining,
  options: PosteriorOptions & { halfLifeDays: number | undefined },
  previous: ToneWeightsFile | undefined,
  meta: { path?: string; now?: Date } = {},
): ToneWeightsFile {
  const { model, summary } = training;
  const clusters: ToneWeightsFile["clusters"] = {};
  for (const [name, cluster] of Object.entries(model.clusters)) {
    const before = previous?.clusters?.[name]?.weights ?? null;
    clusters[name] = {
      ...cluster,
      previousWeights: before,
      change: before ? diff(cluster.weights, before) : null,
    };
  }
  const before = previous?.weights ?? null;
  return {
    version: 1,
    generatedAt: (meta.now ?? new Date()).toISOString(),
    asOf: summary.asOf,
    algorithm: {
      method: "beta-bernoulli",
      weights: options.method ?? "probability-best",
      prior: options.prior ?? { alpha: 1, beta: 1 },
      halfLifeDays: options.halfLifeDays ?? null,
      floor: options.floor,
      clusterStrength: options.clusterStrength ?? 20,
      minClusterRatings: options.minClusterRatings ?? 30,
    },
    input: {
      path: meta.path ?? null,
      engine: summary.engine,
      events: summary.events,
      rated: summary.rated,
      unrated: summary.unrated,
      ignored: summary.ignored,
      skipped: summary.skipped,
      problems: summary.problems,
    },
    tones: model.tones,
    weights: model.global.weights,
    previousWeights: before,
    change: before ? diff(model.global.weights, before) : null,
    posteriors: model.global.posteriors,
    clusters,
  };
}

/** A tone missing from the previous file counts as weight 0 before. */
function diff(now: Record<string, number>, before: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(now).map(([tone, weight]) => [tone, weight - (before[tone] ?? 0)]),
  );
}

/** The current weights file, or undefined when there is none or it is unreadable (the run replaces it). */
export async function readPreviousWeights(path: string): Promise<ToneWeightsFile | undefined> {
  try {
    const document = JSON.parse(await readFile(path, "utf8")) as ToneWeightsFile;
    return typeof document === "object" && document !== null && typeof document.weights === "object"
      ? document
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The weights the Copilot should use for a dealer's cluster: the cluster's own when it had data
 * enough, else the global ones.
 *
 * @example chooseTone(weightsFor(file, segmentOf(dealer)), random)
 */
export function weightsFor(
  file: Pick<ToneWeightsFile, "weights" | "clusters">,
  cluster?: string,
): Record<string, number> {
  const own = cluster === undefined ? undefined : file.clusters[cluster];
  return own && !own.fallback ? own.weights : file.weights;
}
