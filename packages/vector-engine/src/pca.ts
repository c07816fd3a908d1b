import { DaiError } from "@dai/core";
import type { Projection } from "./backend/types.js";
import { checkMatrix } from "./validate.js";

export interface PcaFit extends Projection {
  /** Share of the standardised data's variance each component explains, descending. */
  explainedVarianceRatio: number[];
}

/**
 * Standardisation (z-scores; a constant feature keeps scale 1 so it maps to 0, never NaN) followed
 * by PCA: the top eigenvectors of the standardised covariance, found by cyclic Jacobi rotations —
 * the same subspace as a truncated SVD of the data, exact for the few dozen features used here.
 * Each component's sign is fixed (largest-magnitude loading positive) so refits do not mirror the map.
 *
 * @example const fit = fitPca(features, n, FEATURES.length, 8); // fit.components is [F, 8]
 */
export function fitPca(x: Float32Array, n: number, dim: number, outputDim: number): PcaFit {
  checkMatrix(x, n, dim, "features");
  if (n < 2)
    throw new DaiError("too_few_rows", `features: PCA needs at least 2 rows, got ${n}`, { status: 422 });
  if (!Number.isInteger(outputDim) || outputDim < 1 || outputDim > dim) {
    throw new DaiError("invalid_dimension", `outputDim: expected an integer 1–${dim}, got ${outputDim}`, {
      field: "outputDim",
    });
  }
  const mean = new Float64Array(dim);
  const scale = new Float64Array(dim);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < dim; j++) mean[j] = (mean[j] as number) + (x[i * dim + j] as number) / n;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < dim; j++)
      scale[j] = (scale[j] as number) + ((x[i * dim + j] as number) - (mean[j] as number)) ** 2 / n;
  }
  for (let j = 0; j < dim; j++) {
    const sd = Math.sqrt(scale[j] as number);
    scale[j] = sd > 1e-12 * Math.max(1, Math.abs(mean[j] as number)) ? sd : 1;
  }
  const cov = new Float64Array(dim * dim);
  const z = new Float64Array(dim);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < dim; j++)
      z[j] = ((x[i * dim + j] as number) - (mean[j] as number)) / (scale[j] as number);
    for (let a = 0; a < dim; a++)
      for (let b = a; b < dim; b++)
        cov[a * dim + b] = (cov[a * dim + b] as number) + ((z[a] as number) * (z[b] as number)) / (n - 1);
  }
  for (let a = 0; a < dim; a++) for (let b = 0; b < a; b++) cov[a * dim + b] = cov[b * dim + a] as number;
  const { values, vectors } = jacobiEigen(cov, dim);
  const order = Array.from(values.keys()).sort((a, b) => (values[b] as number) - (values[a] as number));
  const totalVariance = values.reduce((sum, v) => sum + Math.max(0, v), 0);
  const components = new Float32Array(dim * outputDim);
  const explainedVarianceRatio: number[] = [];
  order.slice(0, outputDim).forEach((column, o) => {
    let largest = 0;
    for (let j = 0; j < dim; j++)
      if (Math.abs(vectors[j * dim + column] as number) > Math.abs(largest))
        largest = vectors[j * dim + column] as number;
    const sign = largest < 0 ? -1 : 1;
    for (let j = 0; j < dim; j++)
      components[j * outputDim + o] = sign * (vectors[j * dim + column] as number);
    explainedVarianceRatio.push(
      totalVariance > 0 ? Math.max(0, values[column] as number) / totalVariance : 0,
    );
  });
  return {
    inputDim: dim,
    outputDim,
    mean: Float32Array.from(mean),
    scale: Float32Array.from(scale),
    components,
    explainedVarianceRatio,
  };
}

/** Eigen-decomposition of a symmetric matrix by cyclic Jacobi; `vectors` holds eigenvectors as columns. */
export function jacobiEigen(matrix: Float64Array, dim: number): { values: number[]; vectors: Float64Array } {
  const a = Float64Array.from(matrix);
  const v = new Float64Array(dim * dim);
  for (let i = 0; i < dim; i++) v[i * dim + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < dim; p++) for (let q = p + 1; q < dim; q++) off += (a[p * dim + q] as number) ** 2;
    if (off < 1e-22) break;
    for (let p = 0; p < dim; p++) {
      for (let q = p + 1; q < dim; q++) {
        const apq = a[p * dim + q] as number;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = ((a[q * dim + q] as number) - (a[p * dim + p] as number)) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < dim; k++) {
          const akp = a[k * dim + p] as number;
          const akq = a[k * dim + q] as number;
          a[k * dim + p] = c * akp - s * akq;
          a[k * dim + q] = s * akp + c * akq;
        }
        for (let k = 0; k < dim; k++) {
          const apk = a[p * dim + k] as number;
          const aqk = a[q * dim + k] as number;
          a[p * dim + k] = c * apk - s * aqk;
          a[q * dim + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < dim; k++) {
          const vkp = v[k * dim + p] as number;
          const vkq = v[k * dim + q] as number;
          v[k * dim + p] = c * vkp - s * vkq;
          v[k * dim + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  return { values: Array.from({ length: dim }, (_, i) => a[i * dim + i] as number), vectors: v };
}
