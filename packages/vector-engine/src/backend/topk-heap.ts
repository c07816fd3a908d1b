/**
 * A fixed-size "best k" buffer kept sorted descending by insertion: for k ≤ ~64 this beats a heap and
 * allocates nothing per candidate. Ties keep the lower row first (rows arrive in ascending order or
 * are compared explicitly).
 */
export class BestK {
  readonly scores: Float64Array;
  readonly rows: Int32Array;
  size = 0;
  /** Score a candidate must beat to enter; -Infinity until full. */
  threshold = Number.NEGATIVE_INFINITY;

  constructor(readonly k: number) {
    this.scores = new Float64Array(k);
    this.rows = new Int32Array(k);
  }

  reset(): void {
    this.size = 0;
    this.threshold = Number.NEGATIVE_INFINITY;
  }

  /** Offers a candidate; cheap reject when it does not beat the current k-th score. */
  push(score: number, row: number): void {
    const { scores, rows, k } = this;
    if (this.size === k) {
      const last = k - 1;
      if (score < this.threshold || (score === this.threshold && row > (rows[last] as number))) return;
      this.size = last;
    }
    let at = this.size;
    while (at > 0) {
      const prev = scores[at - 1] as number;
      if (prev > score || (prev === score && (rows[at - 1] as number) < row)) break;
      scores[at] = prev;
      rows[at] = rows[at - 1] as number;
      at--;
    }
    scores[at] = score;
    rows[at] = row;
    this.size++;
    if (this.size === k) this.threshold = scores[k - 1] as number;
  }

  /** Copies the result into row `q` of the output arrays, padding with -1 / -Infinity. */
  writeTo(indices: Int32Array, out: Float64Array, q: number): void {
    const base = q * this.k;
    for (let i = 0; i < this.k; i++) {
      indices[base + i] = i < this.size ? (this.rows[i] as number) : -1;
      out[base + i] = i < this.size ? (this.scores[i] as number) : Number.NEGATIVE_INFINITY;
    }
  }
}

/** Float64 inner product of two float32 rows (products of float32 values are exact in float64). */
export function dot64(
  a: Float32Array,
  aOffset: number,
  b: Float32Array,
  bOffset: number,
  dim: number,
): number {
  let s0 = 0;
  let s1 = 0;
  let j = 0;
  for (; j + 1 < dim; j += 2) {
    s0 += (a[aOffset + j] as number) * (b[bOffset + j] as number);
    s1 += (a[aOffset + j + 1] as number) * (b[bOffset + j + 1] as number);
  }
  if (j < dim) s0 += (a[aOffset + j] as number) * (b[bOffset + j] as number);
  return s0 + s1;
}

/**
 * Re-scores float32 candidates in float64 and keeps the best `k`: a float32 GEMM can swap near-ties,
 * and this makes the fast backend's answer the float64 brute force's answer.
 */
export function rerank(
  query: Float32Array,
  nq: number,
  base: Float32Array,
  dim: number,
  candidates: ArrayLike<number | bigint>,
  perQuery: number,
  k: number,
): { indices: Int32Array; scores: Float64Array } {
  const indices = new Int32Array(nq * k);
  const scores = new Float64Array(nq * k);
  const best = new BestK(k);
  for (let q = 0; q < nq; q++) {
    best.reset();
    for (let c = 0; c < perQuery; c++) {
      const row = Number(candidates[q * perQuery + c]);
      if (row < 0) continue;
      best.push(dot64(query, q * dim, base, row * dim, dim), row);
    }
    best.writeTo(indices, scores, q);
  }
  return { indices, scores };
}
