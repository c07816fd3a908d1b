import { DaiError, mulberry32 } from "@dai/core";
import { createPureBackend } from "./backend/pure.js";
import { clusterSums } from "./backend/simd.js";
import type { ComputeBackend } from "./backend/types.js";
import { kmeansPlusPlus } from "./kmeans-init.js";
import { checkMatrix } from "./validate.js";

export interface KMeansOptions {
  k: number;
  /** Independent k-means++ starts; the lowest inertia wins. Default 10. */
  restarts?: number;
  /** Lloyd iterations per start. Default 300. */
  maxIterations?: number;
  /**
   * Stop when the squared centre shift summed over clusters is ≤ `tolerance` × the mean per-feature
   * variance (scikit-learn's rule), or when no label changes. Default 1e-4; 0 runs every iteration.
   */
  tolerance?: number;
  seed?: number;
  /** Points the k-means++ seeding looks at (a uniform sample when smaller than n). Default max(2048, 4k). */
  initSampleSize?: number;
  backend?: ComputeBackend;
}

export interface KMeansResult {
  k: number;
  dim: number;
  /** `k × dim` row-major. */
  centroids: Float32Array;
  labels: Int32Array;
  /** Sum of squared distances to the assigned centroid, in float64. */
  inertia: number;
  /** Lloyd iterations of the winning start. */
  iterations: number;
  /** Clusters that went empty and were re-seeded with the point farthest from its centroid (all starts). */
  emptyClustersRepaired: number;
}

/**
 * k-means with greedy k-means++ seeding, restarts, empty-cluster repair and a convergence tolerance.
 * The assignment step (the O(n·k·d) part) runs on the given backend; the rest is O(n·d).
 * `k` larger than the number of distinct points is refused, since some clusters would have to be empty.
 *
 * @example
 * const { labels, centroids, inertia } = await kmeans(points, n, dim, { k: 10, restarts: 10 });
 */
export async function kmeans(
  points: Float32Array,
  n: number,
  dim: number,
  options: KMeansOptions,
): Promise<KMeansResult> {
  checkMatrix(points, n, dim, "points");
  const { k } = options;
  if (!Number.isInteger(k) || k < 1)
    throw new DaiError("invalid_k", `k: expected a positive integer, got ${k}`, { field: "k" });
  if (k > n)
    throw new DaiError("invalid_k", `k: ${k} clusters need at least ${k} points, got ${n}`, { field: "k" });
  const distinct = countDistinctRows(points, n, dim, k);
  if (distinct < k) {
    throw new DaiError(
      "invalid_k",
      `k: ${k} clusters need ${k} distinct points, but only ${distinct} of the ${n} points differ`,
      {
        field: "k",
      },
    );
  }
  const restarts = options.restarts ?? 10;
  if (!Number.isInteger(restarts) || restarts < 1) {
    throw new DaiError("invalid_option", `restarts: expected a positive integer, got ${restarts}`, {
      field: "restarts",
    });
  }
  const backend = options.backend ?? createPureBackend();
  const random = mulberry32(options.seed ?? 0);
  const threshold = (options.tolerance ?? 1e-4) * meanVariance(points, n, dim);
  const sampleSize = Math.min(n, options.initSampleSize ?? Math.max(2048, 4 * k));
  let best: KMeansResult | undefined;
  let repaired = 0;
  for (let r = 0; r < restarts; r++) {
    const sample = sampleSize < n ? sampleRows(points, n, dim, sampleSize, random) : points;
    const seeded = kmeansPlusPlus(sample, sampleSize, dim, k, random);
    const run = await lloyd(points, n, dim, seeded, k, options.maxIterations ?? 300, threshold, backend);
    repaired += run.emptyClustersRepaired;
    if (best === undefined || run.inertia < best.inertia) best = run;
  }
  return { ...(best as KMeansResult), emptyClustersRepaired: repaired };
}

/**
 * Lloyd iterations from given centroids (a warm start, e.g. yesterday's centres); no restarts.
 *
 * @example const result = await kmeansFrom(points, n, dim, previousCentroids, { maxIterations: 50 });
 */
export async function kmeansFrom(
  points: Float32Array,
  n: number,
  dim: number,
  initial: Float32Array,
  options: Pick<KMeansOptions, "maxIterations" | "tolerance" | "backend"> = {},
): Promise<KMeansResult> {
  checkMatrix(points, n, dim, "points");
  const k = initial.length / dim;
  checkMatrix(initial, k, dim, "centroids");
  if (k > n)
    throw new DaiError("invalid_k", `k: ${k} clusters need at least ${k} points, got ${n}`, { field: "k" });
  const threshold = (options.tolerance ?? 1e-4) * meanVariance(points, n, dim);
  return lloyd(
    points,
    n,
    dim,
    Float32Array.from(initial),
    k,
    options.maxIterations ?? 300,
    threshold,
    options.backend ?? createPureBackend(),
  );
}

async function lloyd(
  points: Float32Array,
  n: number,
  dim: number,
  centroids: Float32Array,
  k: number,
  maxIterations: number,
  threshold: number,
  backend: ComputeBackend,
): Promise<KMeansResult> {
  let labels = await backend.labels(points, n, dim, centroids, k);
  let iterations = 0;
  let repaired = 0;
  const sums = new Float64Array(k * dim);
  const counts = new Int32Array(k);
  while (iterations < maxIterations) {
    iterations++;
    clusterSums(points, labels, n, dim, sums, counts);
    if (counts.includes(0)) {
      repaired += repairEmpty(
        points,
        dim,
        labels,
        pointDistances(points, dim, centroids, labels),
        counts,
        sums,
      );
    }
    let shift = 0;
    for (let c = 0; c < k; c++) {
      const count = counts[c] as number;
      for (let j = 0; j < dim; j++) {
        const next = (sums[c * dim + j] as number) / count;
        const delta = next - (centroids[c * dim + j] as number);
        shift += delta * delta;
        centroids[c * dim + j] = next;
      }
    }
    const next = await backend.labels(points, n, dim, centroids, k);
    let changed = false;
    for (let i = 0; i < n && !changed; i++) changed = next[i] !== labels[i];
    labels = next;
    if (!changed || shift <= threshold) break;
  }
  return {
    k,
    dim,
    centroids,
    labels,
    inertia: exactInertia(points, dim, centroids, labels),
    iterations,
    emptyClustersRepaired: repaired,
  };
}

/**
 * Gives each empty cluster the point currently farthest from its centroid (taking it out of its old
 * cluster's sums), as scikit-learn does; returns how many were repaired.
 */
function repairEmpty(
  points: Float32Array,
  dim: number,
  labels: Int32Array,
  distances: Float64Array,
  counts: Int32Array,
  sums: Float64Array,
): number {
  const empty: number[] = [];
  counts.forEach((count, c) => {
    if (count === 0) empty.push(c);
  });
  if (empty.length === 0) return 0;
  const order = Array.from(distances.keys()).sort(
    (a, b) => (distances[b] as number) - (distances[a] as number),
  );
  let next = 0;
  for (const c of empty) {
    // Skip points whose cluster would go empty in turn.
    while (next < order.length && (counts[labels[order[next] as number] as number] as number) <= 1) next++;
    const point = order[next++];
    if (point === undefined) break;
    const old = labels[point] as number;
    counts[old] = (counts[old] as number) - 1;
    counts[c] = 1;
    for (let j = 0; j < dim; j++) {
      const v = points[point * dim + j] as number;
      sums[old * dim + j] = (sums[old * dim + j] as number) - v;
      sums[c * dim + j] = v;
    }
    labels[point] = c;
    distances[point] = 0;
  }
  return empty.length;
}

/** Squared distance of each point to its assigned centroid in float64 (needed only to repair empty clusters). */
function pointDistances(
  points: Float32Array,
  dim: number,
  centroids: Float32Array,
  labels: Int32Array,
): Float64Array {
  const out = new Float64Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    const o = i * dim;
    const c = (labels[i] as number) * dim;
    let total = 0;
    for (let j = 0; j < dim; j++) {
      const d = (points[o + j] as number) - (centroids[c + j] as number);
      total += d * d;
    }
    out[i] = total;
  }
  return out;
}

/** Inertia recomputed directly in float64, so the reported number does not carry GEMM rounding. */
export function exactInertia(
  points: Float32Array,
  dim: number,
  centroids: Float32Array,
  labels: Int32Array,
): number {
  let total = 0;
  for (let i = 0; i < labels.length; i++) {
    const o = i * dim;
    const c = (labels[i] as number) * dim;
    for (let j = 0; j < dim; j++) {
      const d = (points[o + j] as number) - (centroids[c + j] as number);
      total += d * d;
    }
  }
  return total;
}

function meanVariance(points: Float32Array, n: number, dim: number): number {
  // Row-major passes: a column-wise walk over a large matrix misses the cache on every element.
  const mean = new Float64Array(dim);
  const square = new Float64Array(dim);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < dim; j++) {
      const v = points[i * dim + j] as number;
      mean[j] = (mean[j] as number) + v;
      square[j] = (square[j] as number) + v * v;
    }
  }
  let total = 0;
  for (let j = 0; j < dim; j++) {
    const m = (mean[j] as number) / n;
    total += Math.max(0, (square[j] as number) / n - m * m);
  }
  return total / dim;
}

function sampleRows(
  points: Float32Array,
  n: number,
  dim: number,
  size: number,
  random: () => number,
): Float32Array {
  // Partial Fisher–Yates over row indices: a uniform sample without replacement.
  const index = Int32Array.from({ length: n }, (_, i) => i);
  const out = new Float32Array(size * dim);
  for (let i = 0; i < size; i++) {
    const j = i + Math.floor(random() * (n - i));
    const row = index[j] as number;
    index[j] = index[i] as number;
    index[i] = row;
    out.set(points.subarray(row * dim, (row + 1) * dim), i * dim);
  }
  return out;
}

/** Distinct rows, counting only up to `enough` (hashing stops mattering once k are found). */
export function countDistinctRows(points: Float32Array, n: number, dim: number, enough: number): number {
  const seen = new Set<string>();
  const bytes = new Uint8Array(points.buffer, points.byteOffset, points.byteLength);
  const decoder = new TextDecoder("latin1");
  for (let i = 0; i < n && seen.size < enough; i++)
    seen.add(decoder.decode(bytes.subarray(i * dim * 4, (i + 1) * dim * 4)));
  return seen.size;
}
