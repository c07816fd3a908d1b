import { DaiError } from "@dai/core";
import { describe, expect, it } from "vitest";
import { blobs } from "./__tests__/data.js";
import { createBackend } from "./backend/select.js";
import { exactInertia, kmeans, kmeansFrom } from "./kmeans.js";

const CENTERS = [
  [0, 0, 0],
  [10, 0, 0],
  [0, 10, 0],
  [0, 0, 10],
];

/** True when two labelings describe the same partition (up to renaming). */
function samePartition(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  const forward = new Map<number, number>();
  const backward = new Map<number, number>();
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    if ((forward.get(x) ?? y) !== y || (backward.get(y) ?? x) !== x) return false;
    forward.set(x, y);
    backward.set(y, x);
  }
  return true;
}

describe("kmeans", () => {
  it("recovers well-separated blobs and their centres", async () => {
    const { points, labels, dim } = blobs(1, CENTERS, 50, 1);
    const result = await kmeans(points, 200, dim, { k: 4, restarts: 3, seed: 5 });
    expect(samePartition(result.labels, labels)).toBe(true);
    const found = Array.from({ length: 4 }, (_, c) =>
      Array.from(result.centroids.subarray(c * dim, (c + 1) * dim)),
    );
    for (const center of CENTERS) {
      const nearest = Math.min(
        ...found.map((f) => Math.hypot(...f.map((v, j) => v - (center[j] as number)))),
      );
      expect(nearest).toBeLessThan(0.3);
    }
    expect(result.inertia).toBeCloseTo(exactInertia(points, dim, result.centroids, result.labels), 6);
  });

  it("gives the same clustering on the ONNX and pure backends for the same seed", async () => {
    const { points, dim } = blobs(2, CENTERS, 40, 3);
    const { backend } = await createBackend({ prefer: "onnx", threads: 1 });
    const a = await kmeans(points, 160, dim, { k: 4, restarts: 4, seed: 9 });
    const b = await kmeans(points, 160, dim, { k: 4, restarts: 4, seed: 9, backend });
    expect(Array.from(b.labels)).toEqual(Array.from(a.labels));
    expect(b.inertia).toBeCloseTo(a.inertia, 3);
    await backend.dispose();
  });

  it("is deterministic for a seed and never worse with more restarts", async () => {
    const { points, dim } = blobs(3, CENTERS, 30, 6);
    const one = await kmeans(points, 120, dim, { k: 6, restarts: 1, seed: 1 });
    const again = await kmeans(points, 120, dim, { k: 6, restarts: 1, seed: 1 });
    const many = await kmeans(points, 120, dim, { k: 6, restarts: 8, seed: 1 });
    expect(again.inertia).toBe(one.inertia);
    expect(many.inertia).toBeLessThanOrEqual(one.inertia);
  });

  it("stops early once the centre shift is under the tolerance, and runs to the cap with tolerance 0", async () => {
    const { points, dim } = blobs(4, CENTERS, 30, 1);
    const loose = await kmeans(points, 120, dim, { k: 4, restarts: 1, seed: 2, tolerance: 1e-2 });
    expect(loose.iterations).toBeLessThan(10);
    const capped = await kmeans(points, 120, dim, {
      k: 12,
      restarts: 1,
      seed: 2,
      tolerance: 0,
      maxIterations: 2,
    });
    expect(capped.iterations).toBeLessThanOrEqual(2);
  });

  it("re-seeds an empty cluster with the farthest point instead of leaving it empty", async () => {
    const { points, dim } = blobs(5, CENTERS.slice(0, 2), 20, 1);
    // The third centre is far from everything, so it gets no points in the first assignment.
    const initial = new Float32Array([0, 0, 0, 10, 0, 0, 500, 500, 500]);
    const result = await kmeansFrom(points, 40, dim, initial);
    expect(result.emptyClustersRepaired).toBeGreaterThan(0);
    const sizes = [0, 0, 0];
    for (const label of result.labels) sizes[label] = (sizes[label] as number) + 1;
    expect(sizes.every((s) => s > 0)).toBe(true);
    expect(Array.from(result.centroids).every(Number.isFinite)).toBe(true);
  });

  it("refuses k larger than the number of points or of distinct points, and bad values", async () => {
    const points = new Float32Array([1, 1, 1, 1, 2, 2]);
    await expect(kmeans(points, 3, 2, { k: 4 })).rejects.toThrow(
      "k: 4 clusters need at least 4 points, got 3",
    );
    await expect(kmeans(points, 3, 2, { k: 3 })).rejects.toThrow(
      "k: 3 clusters need 3 distinct points, but only 2 of the 3 points differ",
    );
    const ok = await kmeans(points, 3, 2, { k: 2, restarts: 2 });
    expect(ok.inertia).toBe(0);
    await expect(kmeans(new Float32Array([1, Number.NaN]), 1, 2, { k: 1 })).rejects.toThrow(
      "points[0][1]: expected a finite number, got NaN",
    );
    await expect(kmeans(points, 3, 3, { k: 1 })).rejects.toThrow(/expected 3 × 3 = 9 values, got 6/);
    const error = await kmeans(points, 3, 2, { k: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DaiError);
    expect((error as DaiError).field).toBe("k");
  });

  it("treats all-zero data as one valid point with zero inertia", async () => {
    const result = await kmeans(new Float32Array(12), 4, 3, { k: 1 });
    expect(result.inertia).toBe(0);
    expect(Array.from(result.labels)).toEqual([0, 0, 0, 0]);
  });
});
