/**
 * The compute a backend provides. Everything is row-major float32; results are exact up to float
 * tolerance and identical between backends after the shared float64 re-ranking of search candidates.
 * This module and `pure.ts` import nothing from Node, so they run in a browser or an edge runtime.
 */
export interface ComputeBackend {
  readonly name: "onnx" | "pure";
  /**
   * For each of `nq` queries, the `k` base rows with the largest inner product, best first (ties: lower
   * row first). Scores are float64 inner products of the float32 inputs.
   */
  topK(query: Float32Array, nq: number, base: Float32Array, n: number, dim: number, k: number): Promise<TopK>;
  /** The k-means assignment step: each point's nearest centroid (squared Euclidean) and that distance. */
  assign(
    points: Float32Array,
    n: number,
    dim: number,
    centroids: Float32Array,
    k: number,
  ): Promise<Assignment>;
  /** Only the labels of `assign` (a Lloyd iteration needs nothing more, and skips two passes over the data). */
  labels(
    points: Float32Array,
    n: number,
    dim: number,
    centroids: Float32Array,
    k: number,
  ): Promise<Int32Array>;
  /** `((x - mean) / scale) · components`, the embedding projection; `components` is `[dIn, dOut]`. */
  project(x: Float32Array, n: number, projection: Projection): Promise<Float32Array>;
  /** Releases native sessions; the backend is unusable afterwards. */
  dispose(): Promise<void>;
}

export interface TopK {
  /** `nq × k` base row indices; -1 where fewer than `k` rows exist. */
  readonly indices: Int32Array;
  /** `nq × k` scores matching `indices`; -Infinity where the index is -1. */
  readonly scores: Float64Array;
  readonly k: number;
}

export interface Assignment {
  readonly labels: Int32Array;
  /** Squared Euclidean distance of each point to its centroid, never negative. */
  readonly distances: Float64Array;
}

/** A standardise-then-project transform, the learned part of the embedding model. */
export interface Projection {
  readonly inputDim: number;
  readonly outputDim: number;
  readonly mean: Float32Array;
  readonly scale: Float32Array;
  /** `[inputDim, outputDim]` row-major. */
  readonly components: Float32Array;
}
