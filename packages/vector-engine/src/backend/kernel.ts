/**
 * The pure-TS inner-product kernel: a 4 × 2 register block (four rows of `a` against two rows of `b`)
 * reuses every loaded value four or two times, which is where the speed over a plain loop comes
 * from. V8 keeps the eight float64 accumulators in registers; nothing is allocated in the loop.
 */

/** Rows of `a` handled together; `dotTile` expects `a4` to hold exactly this many rows. */
export const A_BLOCK = 4;

/**
 * `out[r * count + i] = a4[r] · b[first + i]` for r < 4, i < count, accumulated in float64.
 * `a4` holds four rows (pad with zeros when fewer are real).
 */
export function dotTile(
  a4: Float32Array,
  b: Float32Array,
  first: number,
  count: number,
  dim: number,
  out: Float64Array,
): void {
  const q1 = dim;
  const q2 = 2 * dim;
  const q3 = 3 * dim;
  let i = 0;
  for (; i + 1 < count; i += 2) {
    const x0 = (first + i) * dim;
    const x1 = x0 + dim;
    let a0 = 0;
    let a1 = 0;
    let a2 = 0;
    let a3 = 0;
    let b0 = 0;
    let b1 = 0;
    let b2 = 0;
    let b3 = 0;
    for (let j = 0; j < dim; j++) {
      const u = b[x0 + j] as number;
      const v = b[x1 + j] as number;
      const w0 = a4[j] as number;
      const w1 = a4[q1 + j] as number;
      const w2 = a4[q2 + j] as number;
      const w3 = a4[q3 + j] as number;
      a0 += u * w0;
      a1 += u * w1;
      a2 += u * w2;
      a3 += u * w3;
      b0 += v * w0;
      b1 += v * w1;
      b2 += v * w2;
      b3 += v * w3;
    }
    out[i] = a0;
    out[count + i] = a1;
    out[2 * count + i] = a2;
    out[3 * count + i] = a3;
    out[i + 1] = b0;
    out[count + i + 1] = b1;
    out[2 * count + i + 1] = b2;
    out[3 * count + i + 1] = b3;
  }
  if (i < count) {
    const x0 = (first + i) * dim;
    let a0 = 0;
    let a1 = 0;
    let a2 = 0;
    let a3 = 0;
    for (let j = 0; j < dim; j++) {
      const u = b[x0 + j] as number;
      a0 += u * (a4[j] as number);
      a1 += u * (a4[q1 + j] as number);
      a2 += u * (a4[q2 + j] as number);
      a3 += u * (a4[q3 + j] as number);
    }
    out[i] = a0;
    out[count + i] = a1;
    out[2 * count + i] = a2;
    out[3 * count + i] = a3;
  }
}

/** Copies up to four rows starting at `row` into `a4`, zero-filling the rest; returns how many are real. */
export function loadBlock(
  src: Float32Array,
  rows: number,
  row: number,
  dim: number,
  a4: Float32Array,
): number {
  const real = Math.min(A_BLOCK, rows - row);
  a4.set(src.subarray(row * dim, (row + real) * dim));
  a4.fill(0, real * dim);
  return real;
}

/** Squared L2 norm of every row, in float64. */
export function rowNorms(x: Float32Array, n: number, dim: number): Float64Array {
  const norms = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    const o = i * dim;
    for (let j = 0; j < dim; j++) {
      const v = x[o + j] as number;
      s += v * v;
    }
    norms[i] = s;
  }
  return norms;
}
