import { mulberry32 } from "@dai/core";
import { describe, expect, it } from "vitest";
import { fitPca, jacobiEigen } from "./pca.js";

describe("jacobiEigen", () => {
  it("decomposes a symmetric matrix: A·v = λ·v for every pair", () => {
    const a = Float64Array.from([4, 1, 2, 1, 3, 0, 2, 0, 5]);
    const { values, vectors } = jacobiEigen(a, 3);
    for (let c = 0; c < 3; c++) {
      for (let r = 0; r < 3; r++) {
        let av = 0;
        for (let j = 0; j < 3; j++) av += (a[r * 3 + j] as number) * (vectors[j * 3 + c] as number);
        expect(av).toBeCloseTo((values[c] as number) * (vectors[r * 3 + c] as number), 10);
      }
    }
    expect(values.reduce((s, v) => s + v, 0)).toBeCloseTo(12, 10);
  });
});

describe("fitPca", () => {
  it("finds the dominant direction of correlated data and orders components by variance", () => {
    const random = mulberry32(3);
    const n = 400;
    const x = new Float32Array(n * 3);
    for (let i = 0; i < n; i++) {
      const t = random() * 2 - 1;
      x[i * 3] = t + 0.01 * random();
      x[i * 3 + 1] = 2 * t + 0.01 * random();
      x[i * 3 + 2] = random();
    }
    const fit = fitPca(x, n, 3, 2);
    // Standardised, features 0 and 1 are the same signal: the first component loads them equally.
    expect(Math.abs(fit.components[0] as number)).toBeCloseTo(Math.SQRT1_2, 2);
    expect(fit.components[2]).toBeCloseTo(fit.components[0] as number, 2);
    expect(fit.components[0]).toBeGreaterThan(0);
    expect(fit.explainedVarianceRatio[0]).toBeGreaterThan(0.6);
    expect(fit.explainedVarianceRatio[0]).toBeGreaterThan(fit.explainedVarianceRatio[1] as number);
  });

  it("maps a constant feature to 0 instead of NaN", () => {
    const x = new Float32Array([1, 5, 2, 5, 3, 5]);
    const fit = fitPca(x, 3, 2, 1);
    expect(fit.scale[1]).toBe(1);
    expect(Array.from(fit.components).every(Number.isFinite)).toBe(true);
  });

  it("refuses too few rows, NaN features and an output wider than the input", () => {
    expect(() => fitPca(new Float32Array([1, 2]), 1, 2, 1)).toThrow(/at least 2 rows/);
    expect(() => fitPca(new Float32Array([1, Number.NaN, 1, 2]), 2, 2, 1)).toThrow(
      "features[0][1]: expected a finite number, got NaN",
    );
    expect(() => fitPca(new Float32Array([1, 2, 3, 4]), 2, 2, 3)).toThrow(
      /outputDim: expected an integer 1–2/,
    );
  });
});
