import { A_BLOCK, dotTile, loadBlock, rowNorms } from "./kernel.js";
import { createBlockDot, type SimdKernel, simdHeap, simdKernel } from "./simd.js";
import { BestK, rerank } from "./topk-heap.js";
import type { Assignment, ComputeBackend, Projection, TopK } from "./types.js";

/** Base rows per tile: 128 rows × 256 dims × 4 bytes = 128 KiB, which stays in L2 across query blocks. */
const TILE = 128;
/** Extra candidates kept per query before the float64 re-rank, so both backends re-rank alike. */
const SLACK = 8;

export interface PureBackendOptions {
  /**
   * Use the WebAssembly SIMD kernel for search where the runtime allows it (default true). It is
   * portable bytecode, not native code; without it the scalar TypeScript kernel gives the same results.
   */
  simd?: boolean;
}

/**
 * The pure-TypeScript backend: no native code, no Node built-ins, same results as the ONNX backend.
 * `kernel` says whether search runs on the WebAssembly SIMD kernel or the scalar one.
 *
 * @example
 * const backend = createPureBackend();
 * const { indices } = await backend.topK(query, 1, base, n, dim, 10);
 */
export function createPureBackend(
  options: PureBackendOptions = {},
): ComputeBackend & { readonly kernel: "wasm-simd" | "scalar" } {
  const simd = options.simd === false ? undefined : simdKernel();
  return {
    name: "pure",
    kernel: simd ? "wasm-simd" : "scalar",
    topK: async (query, nq, base, n, dim, k) =>
      simd && dim % 4 === 0
        ? simdTopK(simd, query, nq, base, n, dim, k)
        : pureTopK(query, nq, base, n, dim, k),
    assign: async (points, n, dim, centroids, k) => pureAssign(points, n, dim, centroids, k),
    labels: async (points, n, dim, centroids, k) => pureAssign(points, n, dim, centroids, k).labels,
    project: async (x, n, projection) => pureProject(x, n, projection),
    dispose: async () => {},
  };
}

/** Exact top-k by inner product, synchronously (see {@link ComputeBackend.topK}). */
export function pureTopK(
  query: Float32Array,
  nq: number,
  base: Float32Array,
  n: number,
  dim: number,
  k: number,
): TopK {
  const keep = Math.min(n, k + SLACK);
  const bests = Array.from({ length: nq }, () => new BestK(Math.max(1, keep)));
  const blocks = Math.ceil(nq / A_BLOCK);
  // Queries are pre-packed in zero-padded blocks of four; base tiles are the outer loop so each tile
  // is read from memory once per batch and reused by every query block while it sits in L2.
  const packed = new Float32Array(blocks * A_BLOCK * dim);
  packed.set(query.subarray(0, nq * dim));
  const tile = new Float64Array(A_BLOCK * TILE);
  for (let first = 0; first < n; first += TILE) {
    const count = Math.min(TILE, n - first);
    for (let b = 0; b < blocks; b++) {
      dotTile(packed.subarray(b * A_BLOCK * dim, (b + 1) * A_BLOCK * dim), base, first, count, dim, tile);
      const real = Math.min(A_BLOCK, nq - b * A_BLOCK);
      for (let r = 0; r < real; r++) {
        const best = bests[b * A_BLOCK + r] as BestK;
        const offset = r * count;
        for (let i = 0; i < count; i++) {
          const score = tile[offset + i] as number;
          if (score >= best.threshold) best.push(score, first + i);
        }
      }
    }
  }
  return rerankBests(query, nq, base, dim, bests, keep, k);
}

/** {@link pureTopK} on the SIMD kernel: float32 candidate scores, then the same float64 re-rank. */
export function simdTopK(
  kernel: SimdKernel,
  query: Float32Array,
  nq: number,
  base: Float32Array,
  n: number,
  dim: number,
  k: number,
): TopK {
  const keep = Math.min(n, k + SLACK);
  const bests = Array.from({ length: nq }, () => new BestK(Math.max(1, keep)));
  const blocks = Math.ceil(nq / A_BLOCK);
  const queryFloats = blocks * A_BLOCK * dim;
  const tileAt = queryFloats;
  const outAt = tileAt + TILE * dim;
  const heap = simdHeap(kernel, 4 * (outAt + A_BLOCK * TILE));
  heap.fill(0, 0, queryFloats);
  heap.set(query.subarray(0, nq * dim), 0);
  for (let first = 0; first < n; first += TILE) {
    const count = Math.min(TILE, n - first);
    heap.set(base.subarray(first * dim, (first + count) * dim), tileAt);
    for (let b = 0; b < blocks; b++) {
      kernel.dot4(4 * b * A_BLOCK * dim, 4 * tileAt, count, dim, 4 * outAt);
      const real = Math.min(A_BLOCK, nq - b * A_BLOCK);
      for (let r = 0; r < real; r++) {
        const best = bests[b * A_BLOCK + r] as BestK;
        const offset = outAt + r * count;
        for (let i = 0; i < count; i++) {
          const score = heap[offset + i] as number;
          if (score >= best.threshold) best.push(score, first + i);
        }
      }
    }
  }
  return rerankBests(query, nq, base, dim, bests, keep, k);
}

function rerankBests(
  query: Float32Array,
  nq: number,
  base: Float32Array,
  dim: number,
  bests: BestK[],
  keep: number,
  k: number,
): TopK {
  const candidates = new Int32Array(nq * keep).fill(-1);
  bests.forEach((best, q) => {
    for (let c = 0; c < best.size; c++) candidates[q * keep + c] = best.rows[c] as number;
  });
  const { indices, scores } = rerank(query, nq, base, dim, candidates, keep, k);
  return { indices, scores, k };
}

/**
 * The k-means assignment step, synchronously: ‖x‖² − 2x·c + ‖c‖², clamped at 0 (x·c in float32 on
 * the SIMD kernel, float64 on the scalar one).
 */
export function pureAssign(
  points: Float32Array,
  n: number,
  dim: number,
  centroids: Float32Array,
  k: number,
): Assignment {
  const labels = new Int32Array(n);
  const distances = new Float64Array(n);
  const pointNorms = rowNorms(points, n, dim);
  const centroidNorms = rowNorms(centroids, k, dim);
  const a4 = new Float32Array(A_BLOCK * dim);
  const tile = new Float64Array(A_BLOCK * k);
  const dot = createBlockDot(centroids, k, dim, (a, out) => dotTile(a, centroids, 0, k, dim, out));
  for (let p = 0; p < n; p += A_BLOCK) {
    const real = loadBlock(points, n, p, dim, a4);
    dot(a4, tile);
    for (let r = 0; r < real; r++) {
      let best = 0;
      let bestDistance = Number.POSITIVE_INFINITY;
      for (let c = 0; c < k; c++) {
        const d = (centroidNorms[c] as number) - 2 * (tile[r * k + c] as number);
        if (d < bestDistance) {
          bestDistance = d;
          best = c;
        }
      }
      labels[p + r] = best;
      distances[p + r] = Math.max(0, bestDistance + (pointNorms[p + r] as number));
    }
  }
  return { labels, distances };
}

/** Standardise and project, synchronously (see {@link Projection}). */
export function pureProject(x: Float32Array, n: number, projection: Projection): Float32Array {
  const { inputDim, outputDim, mean, scale, components } = projection;
  const out = new Float32Array(n * outputDim);
  const row = new Float64Array(inputDim);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < inputDim; j++) {
      row[j] = ((x[i * inputDim + j] as number) - (mean[j] as number)) / (scale[j] as number);
    }
    for (let o = 0; o < outputDim; o++) {
      let s = 0;
      for (let j = 0; j < inputDim; j++) s += (row[j] as number) * (components[j * outputDim + o] as number);
      out[i * outputDim + o] = s;
    }
  }
  return out;
}
