import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bruteForce, randomMatrix } from "../__tests__/data.js";
import { createPureBackend, pureAssign } from "./pure.js";
import { createBackend } from "./select.js";
import type { ComputeBackend } from "./types.js";

let onnx: ComputeBackend;
const pure = createPureBackend();
const scalar = createPureBackend({ simd: false });

beforeAll(async () => {
  onnx = (await createBackend({ prefer: "onnx", threads: 1 })).backend;
});
afterAll(async () => {
  await onnx.dispose();
});

describe("topK", () => {
  it("uses the WebAssembly SIMD kernel in Node and the scalar one when asked", () => {
    expect(pure.kernel).toBe("wasm-simd");
    expect(scalar.kernel).toBe("scalar");
  });

  it.each([37, 64])(
    "matches the float64 brute force exactly on every backend and kernel (dim %i)",
    async (dim) => {
      const base = randomMatrix(1, 3001, dim);
      const query = randomMatrix(2, 9, dim);
      const expected = bruteForce(query, 9, base, 3001, dim, 10);
      for (const backend of [pure, scalar, onnx]) {
        const { indices } = await backend.topK(query, 9, base, 3001, dim, 10);
        const rows = Array.from({ length: 9 }, (_, q) => Array.from(indices.subarray(q * 10, (q + 1) * 10)));
        expect(rows, backend.name).toEqual(expected);
      }
    },
  );

  it("gives identical indices and float64 scores on every backend and kernel for any small input", async () => {
    const dims = fc.oneof(
      fc.integer({ min: 1, max: 9 }),
      fc.integer({ min: 1, max: 6 }).map((m) => 4 * m),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 60 }),
        dims,
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer(),
        async (n, dim, nq, k, seed) => {
          const base = randomMatrix(seed, n, dim);
          const query = randomMatrix(seed + 1, nq, dim);
          const a = await scalar.topK(query, nq, base, n, dim, k);
          for (const backend of [pure, onnx]) {
            const b = await backend.topK(query, nq, base, n, dim, k);
            expect(Array.from(b.indices)).toEqual(Array.from(a.indices));
            expect(Array.from(b.scores)).toEqual(Array.from(a.scores));
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it("pads with -1 when k exceeds the number of rows", async () => {
    const base = randomMatrix(3, 2, 4);
    for (const backend of [pure, scalar, onnx]) {
      const { indices, scores } = await backend.topK(randomMatrix(4, 1, 4), 1, base, 2, 4, 5);
      expect(Array.from(indices.subarray(2))).toEqual([-1, -1, -1]);
      expect(scores[4]).toBe(Number.NEGATIVE_INFINITY);
    }
  });

  it("orders duplicate rows (equal scores) by row index on both backends", async () => {
    const base = new Float32Array([1, 0, 0, 0, 0.5, 0.5, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0]);
    for (const backend of [pure, scalar, onnx]) {
      const { indices } = await backend.topK(new Float32Array([1, 0, 0, 0]), 1, base, 4, 4, 3);
      expect(Array.from(indices)).toEqual([0, 2, 3]);
    }
  });
});

describe("assign", () => {
  it("finds the same nearest centroids and distances on both backends", async () => {
    const dim = 16;
    const points = randomMatrix(5, 501, dim);
    const centroids = randomMatrix(6, 7, dim);
    const a = await pure.assign(points, 501, dim, centroids, 7);
    const b = await onnx.assign(points, 501, dim, centroids, 7);
    expect(Array.from(b.labels)).toEqual(Array.from(a.labels));
    for (let i = 0; i < 501; i++) expect(b.distances[i]).toBeCloseTo(a.distances[i] as number, 4);
    expect(Array.from(await onnx.labels(points, 501, dim, centroids, 7))).toEqual(Array.from(a.labels));
    expect(Array.from(await pure.labels(points, 501, dim, centroids, 7))).toEqual(Array.from(a.labels));
  });

  it("labels points in row blocks (n × k above one block) exactly like the pure backend", async () => {
    const dim = 8;
    const points = randomMatrix(7, 3000, dim);
    const centroids = randomMatrix(8, 400, dim);
    const expected = Array.from((await scalar.assign(points, 3000, dim, centroids, 400)).labels);
    expect(Array.from(await onnx.labels(points, 3000, dim, centroids, 400))).toEqual(expected);
  });

  it("returns distance 0 (not a tiny negative) for a point on its centroid", () => {
    const point = new Float32Array([3.1, -2.7, 1e3]);
    const { labels, distances } = pureAssign(point, 1, 3, point, 1);
    expect(labels[0]).toBe(0);
    expect(distances[0]).toBeGreaterThanOrEqual(0);
    expect(distances[0]).toBeLessThan(1e-6);
  });
});

describe("project", () => {
  it("standardises and projects identically (within float32) on both backends", async () => {
    const projection = {
      inputDim: 3,
      outputDim: 2,
      mean: new Float32Array([1, 2, 3]),
      scale: new Float32Array([2, 1, 0.5]),
      components: new Float32Array([1, 0, 0, 1, 1, 1]),
    };
    const x = new Float32Array([3, 2, 4, 1, 5, 3]);
    const expected = [1 + 2, 0 + 2, 0 + 0, 3 + 0];
    for (const backend of [pure, onnx]) {
      const y = await backend.project(x, 2, projection);
      expected.forEach((value, i) => {
        expect(y[i]).toBeCloseTo(value, 5);
      });
    }
  });
});
