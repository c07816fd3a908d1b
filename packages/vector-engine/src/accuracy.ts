import type { CopilotEventInput } from "./demo-input.js";
import { TONES } from "./features.js";

export type Tone = (typeof TONES)[number];

export interface ClusterToneStats {
  /** Posterior mean thumbs-up rate per tone, Beta(1, 1) prior: (up + 1) / (rated + 2). */
  approval: Record<Tone, number>;
  rated: Record<Tone, number>;
  recommended: Tone;
}

/**
 * Per-cluster tone recommendation from feedback: the tone with the highest posterior mean approval
 * among the cluster's rated events (ties go to the earlier tone in `TONES`).
 */
export function recommendTones(
  events: readonly CopilotEventInput[],
  clusterOf: ReadonlyMap<string, number>,
  from: number,
  to: number,
): Map<number, ClusterToneStats> {
  const counts = new Map<number, { up: number[]; rated: number[] }>();
  for (const cluster of new Set(clusterOf.values()))
    counts.set(cluster, { up: [0, 0, 0, 0, 0], rated: [0, 0, 0, 0, 0] });
  for (const event of events) {
    const cluster = clusterOf.get(event.dealerId);
    const tone = (TONES as readonly string[]).indexOf(event.tone);
    const t = Date.parse(event.timestamp);
    if (
      cluster === undefined ||
      tone < 0 ||
      !(t >= from && t < to) ||
      (event.feedback !== "up" && event.feedback !== "down")
    )
      continue;
    const c = counts.get(cluster) as { up: number[]; rated: number[] };
    c.rated[tone] = (c.rated[tone] as number) + 1;
    if (event.feedback === "up") c.up[tone] = (c.up[tone] as number) + 1;
  }
  const result = new Map<number, ClusterToneStats>();
  for (const [cluster, c] of counts) {
    const approval = Object.fromEntries(
      TONES.map((tone, t) => [tone, ((c.up[t] as number) + 1) / ((c.rated[t] as number) + 2)]),
    ) as Record<Tone, number>;
    const rated = Object.fromEntries(TONES.map((tone, t) => [tone, c.rated[t] as number])) as Record<
      Tone,
      number
    >;
    let recommended: Tone = TONES[0];
    for (const tone of TONES) if (approval[tone] > approval[recommended]) recommended = tone;
    result.set(cluster, { approval, rated, recommended });
  }
  return result;
}

export interface RecommendationAccuracy {
  definition: string;
  holdoutFrom: string;
  holdoutTo: string;
  /** Held-out rated events whose logged tone was the recommended one (the replay sample). */
  matched: number;
  matchedUp: number;
  /** matchedUp / matched, or null when nothing matched. */
  accuracy: number | null;
  /** 95% Wilson score interval of `accuracy`. */
  interval: [number, number] | null;
  /** Thumbs-up share of all held-out rated events: the current (uniform random) tone policy. */
  baseline: number | null;
  heldOutRated: number;
  /** Best single tone per cluster chosen on the held-out data itself: an optimistic ceiling. */
  ceiling: number | null;
  /** Share of clusters whose recommended tone is also the held-out window's best tone. */
  toneAgreement: number | null;
  target: number | null;
  meetsTarget: boolean | null;
}

export const ACCURACY_DEFINITION =
  "Replay estimate on a held-out window: tone recommendations are learned per cluster from feedback before the window; " +
  "accuracy = share of thumbs-up among the held-out rated explanations whose logged tone equals the tone recommended for the dealer's cluster. " +
  "Because tones were served at random, this estimates the thumbs-up rate the Copilot would get by always using the recommended tone (Li et al., 2010).";

/**
 * Scores recommendations (learned before `holdoutFrom`) on the rated events in [holdoutFrom, holdoutTo).
 *
 * @example const acc = evaluateRecommendations(events, clusterOf, recs, from, to, 0.9);
 */
export function evaluateRecommendations(
  events: readonly CopilotEventInput[],
  clusterOf: ReadonlyMap<string, number>,
  recommendations: ReadonlyMap<number, ClusterToneStats>,
  holdoutFrom: number,
  holdoutTo: number,
  target: number | null,
): RecommendationAccuracy {
  let matched = 0;
  let matchedUp = 0;
  let heldOutRated = 0;
  let heldOutUp = 0;
  for (const event of events) {
    const t = Date.parse(event.timestamp);
    const cluster = clusterOf.get(event.dealerId);
    if (
      cluster === undefined ||
      !(t >= holdoutFrom && t < holdoutTo) ||
      (event.feedback !== "up" && event.feedback !== "down")
    )
      continue;
    const up = event.feedback === "up" ? 1 : 0;
    heldOutRated++;
    heldOutUp += up;
    if (recommendations.get(cluster)?.recommended === event.tone) {
      matched++;
      matchedUp += up;
    }
  }
  const heldOut = recommendTones(events, clusterOf, holdoutFrom, holdoutTo);
  let ceilingUp = 0;
  let ceilingRated = 0;
  let agree = 0;
  for (const [cluster, stats] of heldOut) {
    // Raw (unsmoothed) best held-out rate per cluster, weighted by its rated events.
    let bestRate = -1;
    let bestRated = 0;
    for (const tone of TONES) {
      const rated = stats.rated[tone];
      const rate = rated > 0 ? (stats.approval[tone] * (rated + 2) - 1) / rated : -1;
      if (rate > bestRate) {
        bestRate = rate;
        bestRated = rated;
      }
    }
    if (bestRated > 0) {
      ceilingUp += bestRate * bestRated;
      ceilingRated += bestRated;
    }
    if (recommendations.get(cluster)?.recommended === stats.recommended) agree++;
  }
  const accuracy = matched > 0 ? matchedUp / matched : null;
  return {
    definition: ACCURACY_DEFINITION,
    holdoutFrom: new Date(holdoutFrom).toISOString(),
    holdoutTo: new Date(holdoutTo).toISOString(),
    matched,
    matchedUp,
    accuracy,
    interval: matched > 0 ? wilson(matchedUp, matched) : null,
    baseline: heldOutRated > 0 ? heldOutUp / heldOutRated : null,
    heldOutRated,
    ceiling: ceilingRated > 0 ? ceilingUp / ceilingRated : null,
    toneAgreement: heldOut.size > 0 ? agree / heldOut.size : null,
    target,
    meetsTarget: target === null || accuracy === null ? null : accuracy >= target,
  };
}

/** 95% Wilson score interval for a binomial proportion. */
export function wilson(successes: number, trials: number, z = 1.959964): [number, number] {
  const p = successes / trials;
  const denominator = 1 + (z * z) / trials;
  const centre = (p + (z * z) / (2 * trials)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / trials + (z * z) / (4 * trials * trials))) / denominator;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}
