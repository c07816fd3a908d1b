import type { Random } from "@dai/core";
import { A_BLOCK, dotTile, rowNorms } from "./backend/kernel.js";
import { createBlockDot } from "./backend/simd.js";

/**
 * Greedy k-means++ (Arthur & Vassilvitskii, with scikit-learn's local trials): each new centre is the
 * best of a few D²-weighted candidates. The candidates are scored four at a time with the blocked
 * kernel, so the trials cost about one pass over the sample per centre.
 * Returns `k` centres as rows copied from `points`.
 */
export function kmeansPlusPlus(
  points: Float32Array,
  n: number,
  dim: number,
  k: number,
  random: Random,
): Float32Array {
  const centroids = new Float32Array(k * dim);
  const norms = rowNorms(points, n, dim);
  const closest = new Float64Array(n);
  const first = Math.floor(random() * n);
  centroids.set(points.subarray(first * dim, (first + 1) * dim), 0);
  const a4 = new Float32Array(A_BLOCK * dim);
  const tile = new Float64Array(A_BLOCK * n);
  const dot = createBlockDot(points, n, dim, (a, out) => dotTile(a, points, 0, n, dim, out));
  a4.set(points.subarray(first * dim, (first + 1) * dim));
  dot(a4, tile);
  let potential = 0;
  for (let i = 0; i < n; i++) {
    closest[i] = Math.max(0, (norms[i] as number) + (norms[first] as number) - 2 * (tile[i] as number));
    potential += closest[i] as number;
  }
  const trials = Math.min(A_BLOCK, 2 + Math.floor(Math.log(k)));
  const candidates = new Int32Array(trials);
  for (let c = 1; c < k; c++) {
    for (let t = 0; t < trials; t++) candidates[t] = sampleByWeight(closest, potential, random);
    a4.fill(0);
    for (let t = 0; t < trials; t++) {
      const row = candidates[t] as number;
      a4.set(points.subarray(row * dim, (row + 1) * dim), t * dim);
    }
    dot(a4, tile);
    let bestTrial = 0;
    let bestPotential = Number.POSITIVE_INFINITY;
    for (let t = 0; t < trials; t++) {
      const cn = norms[candidates[t] as number] as number;
      let sum = 0;
      for (let i = 0; i < n; i++) {
        const d = Math.max(0, (norms[i] as number) + cn - 2 * (tile[t * n + i] as number));
        sum += Math.min(d, closest[i] as number);
      }
      if (sum < bestPotential) {
        bestPotential = sum;
        bestTrial = t;
      }
    }
    const chosen = candidates[bestTrial] as number;
    const cn = norms[chosen] as number;
    potential = 0;
    for (let i = 0; i < n; i++) {
      const d = Math.max(0, (norms[i] as number) + cn - 2 * (tile[bestTrial * n + i] as number));
      if (d < (closest[i] as number)) closest[i] = d;
      potential += closest[i] as number;
    }
    centroids.set(points.subarray(chosen * dim, (chosen + 1) * dim), c * dim);
  }
  return centroids;
}

/** Index drawn with probability proportional to `weights`; uniform when every weight is zero. */
function sampleByWeight(weights: Float64Array, total: number, random: Random): number {
  if (!(total > 0)) return Math.floor(random() * weights.length);
  let target = random() * total;
  for (let i = 0; i < weights.length; i++) {
    target -= weights[i] as number;
    if (target < 0) return i;
  }
  return weights.length - 1;
}
