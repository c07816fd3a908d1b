import { describe, expect, it } from "vitest";
import { blobs } from "./__tests__/data.js";
import { hungarian, stableClusterIds } from "./hungarian.js";
import { chooseK, silhouette } from "./silhouette.js";

describe("silhouette", () => {
  it("matches a hand computation on four points", () => {
    // Clusters {0, 1} and {4, 5} on a line: a = 1, b = 4 (for 0: (4 + 5) / 2 = 4.5; for 1: 3.5).
    const points = new Float32Array([0, 1, 4, 5]);
    const value = silhouette(points, 4, 1, Int32Array.of(0, 0, 1, 1), 2);
    const expected = ((4.5 - 1) / 4.5 + (3.5 - 1) / 3.5 + (3.5 - 1) / 3.5 + (4.5 - 1) / 4.5) / 4;
    expect(value).toBeCloseTo(expected, 12);
  });

  it("scores a point alone in its cluster 0", () => {
    expect(silhouette(new Float32Array([0, 10, 11]), 3, 1, Int32Array.of(0, 1, 1), 2)).toBeCloseTo(
      (0 + 9 / 10 + 10 / 11) / 3,
      12,
    );
  });
});

describe("chooseK", () => {
  it("picks the true number of blobs within the bounds", async () => {
    const { points, dim } = blobs(
      8,
      [
        [0, 0],
        [8, 0],
        [0, 8],
      ],
      30,
      1,
    );
    const { best, scores } = await chooseK(points, 90, dim, 2, 6, { restarts: 3, seed: 1 });
    expect(best.k).toBe(3);
    expect(scores.map((s) => s.k)).toEqual([2, 3, 4, 5, 6]);
  });

  it("rejects an invalid range", async () => {
    await expect(chooseK(new Float32Array(4), 4, 1, 1, 3)).rejects.toThrow(/2 ≤ kMin ≤ kMax/);
    await expect(chooseK(new Float32Array(4), 4, 1, 4, 3)).rejects.toThrow(/2 ≤ kMin ≤ kMax/);
  });

  it("stops at the number of distinct points instead of failing", async () => {
    const points = new Float32Array([0, 0, 0, 5, 5, 5, 9, 9]);
    const { best, scores } = await chooseK(points, 8, 1, 2, 6, { restarts: 1 });
    expect(scores.map((s) => s.k)).toEqual([2, 3]);
    expect(best.k).toBe(3);
  });
});

describe("hungarian", () => {
  it("finds the minimum-cost assignment", () => {
    expect(
      hungarian([
        [4, 1, 3],
        [2, 0, 5],
        [3, 2, 2],
      ]),
    ).toEqual([1, 0, 2]);
    expect(
      hungarian([
        [10, 1, 7],
        [1, 10, 7],
      ]),
    ).toEqual([1, 0]);
  });
});

describe("stableClusterIds", () => {
  const members = ["a", "b", "c", "d", "e", "f"];
  const previous = new Map([
    ["a", 7],
    ["b", 7],
    ["c", 3],
    ["d", 3],
    ["e", 5],
    ["f", 5],
  ]);

  it("keeps every id when a refit only permutes the labels", () => {
    expect(stableClusterIds(members, Int32Array.of(2, 2, 0, 0, 1, 1), 3, previous)).toEqual([3, 5, 7]);
  });

  it("follows the majority when members move, and gives a new cluster the smallest free id", () => {
    const ids = stableClusterIds(members, Int32Array.of(0, 0, 0, 1, 2, 3), 4, previous);
    expect(ids[0]).toBe(7);
    expect(ids[2]).toBe(5);
    expect(new Set(ids).size).toBe(4);
    expect(ids.filter((id) => ![3, 5, 7].includes(id))).toEqual([0]);
  });

  it("numbers from 0 on the first run", () => {
    expect(stableClusterIds(members, Int32Array.of(1, 1, 0, 0, 1, 0), 2, new Map())).toEqual([0, 1]);
  });
});
