import { DaiError } from "@dai/core";

/**
 * Checks a vector's length and that every component is finite; the error names the field and the
 * first bad index so a caller can find it.
 *
 * @example checkVector(new Float32Array([1, NaN]), 2, "query") // throws "query[1]: expected a finite number, got NaN"
 */
export function checkVector(values: ArrayLike<number>, dim: number, field: string): void {
  if (values.length !== dim) {
    throw new DaiError("invalid_vector", `${field}: expected ${dim} dimensions, got ${values.length}`, {
      field,
    });
  }
  checkFinite(values, field, 1);
}

/** Checks an `n × dim` row-major matrix: size and finiteness, naming the bad row and column. */
export function checkMatrix(values: ArrayLike<number>, n: number, dim: number, field: string): void {
  if (!Number.isInteger(dim) || dim < 1) {
    throw new DaiError("invalid_dimension", `${field}: dimension must be a positive integer, got ${dim}`, {
      field,
    });
  }
  if (values.length !== n * dim) {
    throw new DaiError(
      "invalid_vector",
      `${field}: expected ${n} × ${dim} = ${n * dim} values, got ${values.length}`,
      { field },
    );
  }
  checkFinite(values, field, dim);
}

function checkFinite(values: ArrayLike<number>, field: string, dim: number): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!Number.isFinite(v)) {
      const where = dim === 1 ? `[${i}]` : `[${Math.floor(i / dim)}][${i % dim}]`;
      throw new DaiError("invalid_vector", `${field}${where}: expected a finite number, got ${v}`, {
        field,
      });
    }
  }
}

/** Scales `row` of `x` to unit length in place; a zero row cannot be normalised and is an error. */
export function normalizeRow(x: Float32Array, row: number, dim: number, field: string): void {
  let s = 0;
  const o = row * dim;
  for (let j = 0; j < dim; j++) {
    const v = x[o + j] as number;
    s += v * v;
  }
  if (s === 0) {
    throw new DaiError(
      "zero_vector",
      `${field}: a zero vector has no direction, so cosine similarity is undefined`,
      {
        field,
      },
    );
  }
  const inv = 1 / Math.sqrt(s);
  for (let j = 0; j < dim; j++) x[o + j] = (x[o + j] as number) * inv;
}
