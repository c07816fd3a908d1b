import { DaiError } from "@dai/core";
import { type KMeansOptions, type KMeansResult, kmeans } from "./kmeans.js";

/**
 * Mean silhouette coefficient (Rousseeuw 1987) with Euclidean distance: for each point,
 * (b − a) / max(a, b), where a is its mean distance to its own cluster and b to the nearest other
 * cluster; a point alone in its cluster scores 0. O(n² · d), so large inputs should be sampled.
 */
export function silhouette(
  points: Float32Array,
  n: number,
  dim: number,
  labels: Int32Array,
  k: number,
): number {
  if (k < 2 || n < 2) return 0;
  const sizes = new Int32Array(k);
  for (let i = 0; i < n; i++) sizes[labels[i] as number] = (sizes[labels[i] as number] as number) + 1;
  const sums = new Float64Array(k);
  let total = 0;
  for (let i = 0; i < n; i++) {
    sums.fill(0);
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      let s = 0;
      for (let d = 0; d < dim; d++) {
        const diff = (points[i * dim + d] as number) - (points[j * dim + d] as number);
        s += diff * diff;
      }
      sums[labels[j] as number] = (sums[labels[j] as number] as number) + Math.sqrt(s);
    }
    const own = labels[i] as number;
    if ((sizes[own] as number) <= 1) continue;
    const a = (sums[own] as number) / ((sizes[own] as number) - 1);
    let b = Number.POSITIVE_INFINITY;
    for (let c = 0; c < k; c++)
      if (c !== own && (sizes[c] as number) > 0) b = Math.min(b, (sums[c] as number) / (sizes[c] as number));
    const denominator = Math.max(a, b);
    total += denominator > 0 ? (b - a) / denominator : 0;
  }
  return total / n;
}

export interface ChooseKResult {
  best: KMeansResult;
  /** Silhouette of every k tried, in order. */
  scores: { k: number; silhouette: number; inertia: number }[];
}

/**
 * Fits k-means for every k in [kMin, kMax] (clamped to the number of distinct points) and keeps the
 * one with the highest silhouette; ties go to the smaller k. The bounds come from the caller (the
 * manifest), never from here.
 *
 * @example const { best, scores } = await chooseK(points, n, dim, 2, 8, { restarts: 5 });
 */
export async function chooseK(
  points: Float32Array,
  n: number,
  dim: number,
  kMin: number,
  kMax: number,
  options: Omit<KMeansOptions, "k"> = {},
): Promise<ChooseKResult> {
  if (!Number.isInteger(kMin) || !Number.isInteger(kMax) || kMin < 2 || kMax < kMin) {
    throw new DaiError("invalid_k", `k range: expected integers 2 ≤ kMin ≤ kMax, got ${kMin}–${kMax}`, {
      field: "k",
    });
  }
  if (n < kMin + 1) {
    throw new DaiError(
      "invalid_k",
      `k range: ${kMin}–${kMax} clusters need more than ${kMin} points, got ${n}`,
      { field: "k" },
    );
  }
  const scores: ChooseKResult["scores"] = [];
  let best: KMeansResult | undefined;
  let bestScore = Number.NEGATIVE_INFINITY;
  for (let k = kMin; k <= Math.min(kMax, n - 1); k++) {
    let result: KMeansResult;
    try {
      result = await kmeans(points, n, dim, { ...options, k });
    } catch (error) {
      // Fewer distinct points than k: larger k cannot work either.
      if (error instanceof DaiError && error.code === "invalid_k" && best !== undefined) break;
      throw error;
    }
    const score = silhouette(points, n, dim, result.labels, k);
    scores.push({ k, silhouette: score, inertia: result.inertia });
    if (score > bestScore) {
      bestScore = score;
      best = result;
    }
  }
  return { best: best as KMeansResult, scores };
}
