import { availableParallelism } from "node:os";
import type * as Ort from "onnxruntime-node";
import { assignGraph, labelsGraph, projectionGraph, searchGraph } from "./onnx-graphs.js";
import { rerank } from "./topk-heap.js";
import type { Assignment, ComputeBackend, Projection, TopK } from "./types.js";

/** The parts of onnxruntime-node this package uses (lets tests pass a stand-in). */
export type OrtModule = Pick<typeof Ort, "InferenceSession" | "Tensor">;

export interface OnnxBackendOptions {
  /** Intra-op threads; defaults to the cores this process may use (2 on the build machine). */
  threads?: number;
  /** Let idle pool threads busy-wait (lower latency on a dedicated machine). Default false. */
  spinning?: boolean;
}

/** Scores per labels run (4 MiB of float32): rows per block = this / k. */
const LABEL_BLOCK_FLOATS = 1 << 20;

/** Candidates fetched per query from the float32 graph before the float64 re-rank. */
const SLACK = 8;

/**
 * Session options for a small shared machine: one intra-op pool sized to the cores, no inter-op
 * pool (the graphs are a single chain), all graph optimisations, the memory arena on, and — unless
 * `spinning` — pool threads that sleep instead of busy-waiting between ops, so idle ORT threads do
 * not take CPU from other work on the same two cores (measured: no throughput cost for these graphs).
 */
export function sessionOptions(threads: number, spinning = false): Ort.InferenceSession.SessionOptions {
  return {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    executionMode: "sequential",
    graphOptimizationLevel: "all",
    enableCpuMemArena: true,
    enableMemPattern: true,
    extra: { session: { intra_op: { allow_spinning: spinning ? "1" : "0" } } },
  };
}

/** The onnxruntime-node backend; `ort` is the loaded module (see `createBackend`). */
export function createOnnxBackend(ort: OrtModule, options: OnnxBackendOptions = {}): ComputeBackend {
  const threads = Math.max(1, options.threads ?? availableParallelism());
  const opts = sessionOptions(threads, options.spinning ?? false);
  const sessions = new Map<string, Promise<Ort.InferenceSession>>();
  const session = (key: string, build: () => Uint8Array) => {
    let found = sessions.get(key);
    if (!found) {
      found = ort.InferenceSession.create(build(), opts);
      sessions.set(key, found);
      // A long-lived API process sees a new projection every day: cache only the two newest. Older
      // sessions are dropped, not released, since a caller may still be running one (GC frees them).
      const projections = [...sessions.keys()].filter((k) => k.startsWith("project:"));
      for (const old of projections.slice(0, -2)) sessions.delete(old);
    }
    return found;
  };
  const tensor = (data: Float32Array, dims: number[]) => new ort.Tensor("float32", data, dims);

  return {
    name: "onnx",
    async topK(query, nq, base, n, dim, k): Promise<TopK> {
      const keep = Math.min(n, k + SLACK);
      if (nq === 0 || keep === 0) return rerankEmpty(nq, k);
      const s = await session(`search:${dim}`, () => searchGraph(dim));
      const out = await s.run({
        Q: tensor(query.subarray(0, nq * dim), [nq, dim]),
        X: tensor(base.subarray(0, n * dim), [n, dim]),
        K: new ort.Tensor("int64", BigInt64Array.of(BigInt(keep)), [1]),
      });
      const candidates = out.I?.data as BigInt64Array;
      const { indices, scores } = rerank(query, nq, base, dim, candidates, keep, k);
      return { indices, scores, k };
    },
    async assign(points, n, dim, centroids, k): Promise<Assignment> {
      if (n === 0) return { labels: new Int32Array(0), distances: new Float64Array(0) };
      const s = await session(`assign:${dim}`, () => assignGraph(dim));
      const out = await s.run({
        X: tensor(points.subarray(0, n * dim), [n, dim]),
        C: tensor(centroids.subarray(0, k * dim), [k, dim]),
      });
      const rawLabels = out.L?.data as BigInt64Array;
      const partial = out.D?.data as Float32Array;
      const labels = new Int32Array(n);
      const distances = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        labels[i] = Number(rawLabels[i]);
        distances[i] = Math.max(0, partial[i] as number);
      }
      return { labels, distances };
    },
    async labels(points, n, dim, centroids, k): Promise<Int32Array> {
      const labels = new Int32Array(n);
      if (n === 0) return labels;
      const s = await session(`labels:${dim}`, () => labelsGraph(dim));
      const c = tensor(centroids.subarray(0, k * dim), [k, dim]);
      // Row blocks keep the n × k score matrix in cache between the GEMM and the ArgMin that reads it
      // (measured ~20% less CPU per iteration at 100,000 × 256, k = 256).
      const rows = Math.max(1, Math.floor(LABEL_BLOCK_FLOATS / k));
      for (let first = 0; first < n; first += rows) {
        const count = Math.min(rows, n - first);
        const out = await s.run({
          X: tensor(points.subarray(first * dim, (first + count) * dim), [count, dim]),
          C: c,
        });
        const block = out.L?.data as BigInt64Array;
        for (let i = 0; i < count; i++) labels[first + i] = Number(block[i]);
      }
      return labels;
    },
    async project(x, n, projection: Projection): Promise<Float32Array> {
      const { inputDim, outputDim, mean, scale, components } = projection;
      const key = `project:${inputDim}:${outputDim}:${hashFloats(components)}`;
      const s = await session(key, () => projectionGraph(inputDim, outputDim, mean, scale, components));
      const out = await s.run({ features: tensor(x.subarray(0, n * inputDim), [n, inputDim]) });
      return Float32Array.from(out.embedding?.data as Float32Array);
    },
    async dispose() {
      const all = [...sessions.values()];
      sessions.clear();
      for (const s of all) await (await s).release();
    },
  };
}

function rerankEmpty(nq: number, k: number): TopK {
  return {
    indices: new Int32Array(nq * k).fill(-1),
    scores: new Float64Array(nq * k).fill(Number.NEGATIVE_INFINITY),
    k,
  };
}

/** Cheap FNV-1a over the float bits: one cached session per distinct projection. */
function hashFloats(values: Float32Array): string {
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  let hash = 0x811c9dc5;
  for (const byte of bytes) hash = Math.imul(hash ^ byte, 0x01000193);
  return (hash >>> 0).toString(16);
}

/** Runs an embedding model file's bytes (exported by `exportEmbeddingModel`). */
export async function runModelBytes(
  ort: OrtModule,
  bytes: Uint8Array,
  x: Float32Array,
  n: number,
  inputDim: number,
  threads = availableParallelism(),
): Promise<Float32Array> {
  const s = await ort.InferenceSession.create(bytes, sessionOptions(threads));
  try {
    const out = await s.run({
      features: new ort.Tensor("float32", x.subarray(0, n * inputDim), [n, inputDim]),
    });
    return Float32Array.from(out.embedding?.data as Float32Array);
  } finally {
    await s.release();
  }
}
