import { type BetaParams, betaMean, betaQuantile } from "./beta.js";
import type { FeedbackCounts } from "./counts.js";
import { toneWeights, type WeightMethod } from "./weights.js";

/** The posterior of one tone, with the evidence behind it. */
export interface TonePosterior extends BetaParams {
  readonly mean: number;
  /** 95% equal-tailed credible interval. */
  readonly lower: number;
  readonly upper: number;
  /** Raw thumbs up / down / unrated counts. */
  readonly up: number;
  readonly down: number;
  readonly unrated: number;
  /** Time-decayed counts (what the posterior uses). */
  readonly effectiveUp: number;
  readonly effectiveDown: number;
}

export interface PosteriorOptions {
  /** Beta prior of every tone's global approval rate; default Beta(1, 1) (uniform). */
  readonly prior?: BetaParams;
  readonly floor: number;
  readonly method?: WeightMethod;
  /** Pseudo-count κ with which the global posterior mean is the prior of a cluster; default 20. */
  readonly clusterStrength?: number;
  /** Decayed ratings a cluster needs for its own weights; below, it uses the global ones. Default 30. */
  readonly minClusterRatings?: number;
  readonly gridSize?: number;
}

export interface WeightSet {
  readonly weights: Record<string, number>;
  readonly posteriors: Record<string, TonePosterior>;
}

export interface ClusterWeights extends WeightSet {
  readonly dealers: number;
  /** Decayed ratings of the cluster (all tones). */
  readonly effectiveRatings: number;
  /** True when the cluster had too little data and carries the global weights. */
  readonly fallback: boolean;
}

export interface PosteriorModel {
  readonly tones: readonly string[];
  readonly global: WeightSet;
  readonly clusters: Record<string, ClusterWeights>;
}

interface Sums {
  up: number;
  down: number;
  none: number;
  upWeight: number;
  downWeight: number;
}
const emptySums = (): Sums => ({ up: 0, down: 0, none: 0, upWeight: 0, downWeight: 0 });

/**
 * Beta–Bernoulli posteriors and weights, globally and per dealer cluster.
 *
 * Global: tone k ~ Beta(α₀ + Uₖ, β₀ + Dₖ) with Uₖ, Dₖ the time-decayed thumbs up/down.
 * Cluster c (empirical-Bayes shrinkage): Beta(κ·mₖ + U_ck, κ·(1 − mₖ) + D_ck), where mₖ is the global
 * posterior mean and κ the `clusterStrength`. Its mean is (κ·mₖ + U_ck)/(κ + n_ck): the cluster's own
 * rate pulled toward the global one with weight κ/(κ + n_ck), so a cluster with little feedback
 * looks like the whole fleet and one with much feedback speaks for itself. A cluster with fewer than
 * `minClusterRatings` decayed ratings gets the global weights (`fallback: true`).
 *
 * @example buildPosteriorModel(counts, ["friendly", "concise"], (id) => segments[id], { floor: 0.1 })
 */
export function buildPosteriorModel(
  counts: FeedbackCounts,
  tones: readonly string[],
  clusterOf: (dealerId: string) => string | undefined,
  options: PosteriorOptions,
): PosteriorModel {
  const prior = options.prior ?? { alpha: 1, beta: 1 };
  const strength = options.clusterStrength ?? 20;
  const minRatings = options.minClusterRatings ?? 30;
  const globalSums = new Map(tones.map((tone) => [tone, emptySums()]));
  const clusterSums = new Map<string, { dealers: number; byTone: Map<string, Sums> }>();
  for (const [dealerId, byTone] of counts.cells) {
    const cluster = clusterOf(dealerId);
    let entry: { dealers: number; byTone: Map<string, Sums> } | undefined;
    if (cluster !== undefined) {
      entry = clusterSums.get(cluster);
      if (!entry) {
        entry = { dealers: 0, byTone: new Map(tones.map((tone) => [tone, emptySums()])) };
        clusterSums.set(cluster, entry);
      }
      entry.dealers++;
    }
    for (const [tone, cell] of byTone) {
      for (const sums of [globalSums.get(tone), entry?.byTone.get(tone)]) {
        if (!sums) continue;
        sums.up += cell.up;
        sums.down += cell.down;
        sums.none += cell.none;
        sums.upWeight += cell.upWeight;
        sums.downWeight += cell.downWeight;
      }
    }
  }
  const globalPosteriors = tones.map((tone) => posteriorOf(globalSums.get(tone) as Sums, prior));
  const global = weightSet(tones, globalPosteriors, options);
  const clusters: Record<string, ClusterWeights> = {};
  for (const cluster of [...clusterSums.keys()].sort()) {
    const entry = clusterSums.get(cluster) as { dealers: number; byTone: Map<string, Sums> };
    const sums = tones.map((tone) => entry.byTone.get(tone) as Sums);
    const effectiveRatings = sums.reduce((total, s) => total + s.upWeight + s.downWeight, 0);
    const fallback = effectiveRatings < minRatings;
    const posteriors = sums.map((s, index) => {
      const mean = (globalPosteriors[index] as TonePosterior).mean;
      return posteriorOf(s, { alpha: strength * mean, beta: strength * (1 - mean) });
    });
    const own = weightSet(tones, posteriors, options);
    clusters[cluster] = {
      dealers: entry.dealers,
      effectiveRatings,
      fallback,
      weights: fallback ? global.weights : own.weights,
      posteriors: own.posteriors,
    };
  }
  return { tones, global, clusters };
}

function posteriorOf(sums: Sums, prior: BetaParams): TonePosterior {
  const params = { alpha: prior.alpha + sums.upWeight, beta: prior.beta + sums.downWeight };
  return {
    ...params,
    mean: betaMean(params),
    lower: betaQuantile(0.025, params),
    upper: betaQuantile(0.975, params),
    up: sums.up,
    down: sums.down,
    unrated: sums.none,
    effectiveUp: sums.upWeight,
    effectiveDown: sums.downWeight,
  };
}

function weightSet(
  tones: readonly string[],
  posteriors: TonePosterior[],
  options: PosteriorOptions,
): WeightSet {
  const weights = toneWeights(posteriors, options);
  return {
    weights: Object.fromEntries(tones.map((tone, index) => [tone, weights[index] as number])),
    posteriors: Object.fromEntries(tones.map((tone, index) => [tone, posteriors[index] as TonePosterior])),
  };
}
