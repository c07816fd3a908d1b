import { DOT4_WASM } from "./simd-bytes.js";

// The package compiles without DOM types, and @types/node 20 has no WebAssembly namespace: declare
// the few members used (the global exists in Node, browsers and edge runtimes alike).
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
};

export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

/** The WebAssembly SIMD kernel of `wasm/dot4.wat`, instantiated once per realm. */
export interface SimdKernel {
  readonly memory: WasmMemory;
  dot4(a: number, b: number, count: number, dim: number, out: number): void;
  accumulate(points: number, labels: number, n: number, dim: number, sums: number): void;
}

let cached: SimdKernel | null | undefined;

/**
 * The SIMD kernel, or undefined where it cannot run: no WebAssembly, no SIMD support, or a runtime
 * that forbids compiling code from bytes (some edge platforms). Callers then use the scalar kernel,
 * which gives the same results.
 */
export function simdKernel(): SimdKernel | undefined {
  if (cached === undefined) {
    try {
      const module = new WebAssembly.Module(Uint8Array.from(DOT4_WASM));
      const exports = new WebAssembly.Instance(module, {}).exports as unknown as SimdKernel;
      cached = { memory: exports.memory, dot4: exports.dot4, accumulate: exports.accumulate };
    } catch {
      cached = null;
    }
  }
  return cached ?? undefined;
}

/** Who last wrote the kernel's memory; a user whose data may have been overwritten copies it again. */
let owner: object | undefined;

/**
 * Grows the kernel's memory to at least `bytes` and returns a fresh float view of it; `user` marks
 * who owns the contents now.
 */
export function simdHeap(kernel: SimdKernel, bytes: number, user: object = {}): Float32Array {
  owner = user;
  const missing = bytes - kernel.memory.buffer.byteLength;
  if (missing > 0) kernel.memory.grow(Math.ceil(missing / 65_536));
  return new Float32Array(kernel.memory.buffer);
}

/**
 * Inner products of up to four rows against a fixed matrix `b` (kept in the kernel's memory between
 * calls), on the SIMD kernel when it is available and `dim` is a multiple of 4, else on `fallback`.
 * `out[r * rows + i] = a4[r] · b[i]`.
 */
export function createBlockDot(
  b: Float32Array,
  rows: number,
  dim: number,
  fallback: (a4: Float32Array, out: Float64Array) => void,
): (a4: Float32Array, out: Float64Array) => void {
  const kernel = dim % 4 === 0 ? simdKernel() : undefined;
  if (!kernel) return fallback;
  const aAt = rows * dim;
  const outAt = aAt + 4 * dim;
  const token = {};
  let heap: Float32Array = new Float32Array(0);
  return (a4, out) => {
    // The kernel's memory is shared: reload `b` only when someone else used it since the last call.
    if (owner !== token) {
      heap = simdHeap(kernel, 4 * (outAt + 4 * rows), token);
      heap.set(b.subarray(0, rows * dim), 0);
    }
    heap.set(a4.subarray(0, 4 * dim), aAt);
    kernel.dot4(4 * aAt, 0, rows, dim, 4 * outAt);
    for (let i = 0; i < 4 * rows; i++) out[i] = heap[outAt + i] as number;
  };
}

/** Rows of points copied into the kernel's memory per `accumulate` call. */
const ACCUMULATE_TILE = 1024;

/**
 * Per-cluster float64 sums and counts of the points (the k-means update step), on the SIMD kernel
 * when available and `dim` is a multiple of 4. Overwrites `sums` (`k × dim`) and `counts` (`k`).
 */
export function clusterSums(
  points: Float32Array,
  labels: Int32Array,
  n: number,
  dim: number,
  sums: Float64Array,
  counts: Int32Array,
): void {
  counts.fill(0);
  for (let i = 0; i < n; i++) counts[labels[i] as number] = (counts[labels[i] as number] as number) + 1;
  const kernel = dim % 4 === 0 ? simdKernel() : undefined;
  if (!kernel) {
    sums.fill(0);
    for (let i = 0; i < n; i++) {
      const o = i * dim;
      const s = (labels[i] as number) * dim;
      for (let j = 0; j < dim; j++) sums[s + j] = (sums[s + j] as number) + (points[o + j] as number);
    }
    return;
  }
  const labelsAt = sums.length * 2; // in floats: the sums take 8 bytes each
  const pointsAt = labelsAt + ACCUMULATE_TILE;
  const heap = simdHeap(kernel, 4 * (pointsAt + ACCUMULATE_TILE * dim));
  const heapSums = new Float64Array(heap.buffer, 0, sums.length);
  const heapLabels = new Int32Array(heap.buffer, 4 * labelsAt, ACCUMULATE_TILE);
  heapSums.fill(0);
  for (let first = 0; first < n; first += ACCUMULATE_TILE) {
    const count = Math.min(ACCUMULATE_TILE, n - first);
    heap.set(points.subarray(first * dim, (first + count) * dim), pointsAt);
    heapLabels.set(labels.subarray(first, first + count));
    kernel.accumulate(4 * pointsAt, 4 * labelsAt, count, dim, 0);
  }
  sums.set(heapSums);
}
