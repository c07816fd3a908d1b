import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { DaiError } from "@dai/core";
import { describe, expect, it } from "vitest";
import { randomMatrix, tempDir } from "./__tests__/data.js";
import { createBackend } from "./backend/select.js";
import { VectorStore } from "./store.js";
import { loadStore, saveStore } from "./store-file.js";

function cosineStore() {
  const store = new VectorStore({ dim: 3, metric: "cosine" });
  store.add("a", [1, 0, 0], { brand: "BMW", region: "West" });
  store.add("b", [0.9, 0.1, 0], { brand: "Ford", region: "West" });
  store.add("c", [0, 1, 0], { brand: "BMW", region: "Midwest" });
  store.add("d", [-1, 0, 0], { brand: "Ford", region: "Midwest" });
  return store;
}

const errorOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error as DaiError;
  }
  throw new Error("expected an error");
};

describe("VectorStore", () => {
  it("ranks by cosine, independent of vector length", async () => {
    const hits = await cosineStore().search([10, 0, 0], { k: 4 });
    expect(hits.map((h) => h.id)).toEqual(["a", "b", "c", "d"]);
    expect(hits[0]?.score).toBeCloseTo(1, 6);
    expect(hits[3]?.score).toBeCloseTo(-1, 6);
  });

  it("ranks by raw inner product with the ip metric", async () => {
    const store = new VectorStore({ dim: 2, metric: "ip" });
    store.add("short", [1, 0]);
    store.add("long", [3, 3]);
    expect((await store.search([1, 0], { k: 2 })).map((h) => h.id)).toEqual(["long", "short"]);
  });

  it("filters by metadata (value or any-of list) and excludes ids", async () => {
    const store = cosineStore();
    expect((await store.search([1, 0, 0], { k: 4, filter: { brand: "BMW" } })).map((h) => h.id)).toEqual([
      "a",
      "c",
    ]);
    expect(
      (await store.search([1, 0, 0], { k: 4, filter: { region: ["Midwest"], brand: ["Ford", "BMW"] } })).map(
        (h) => h.id,
      ),
    ).toEqual(["c", "d"]);
    expect((await store.search([1, 0, 0], { k: 2, exclude: ["a"] })).map((h) => h.id)).toEqual(["b", "c"]);
    expect(await store.search([1, 0, 0], { k: 2, filter: { brand: "Kia" } })).toEqual([]);
    expect(
      (await store.search([1, 0, 0], { k: 4, filter: (m, id) => m.region === "West" && id !== "a" })).map(
        (h) => h.id,
      ),
    ).toEqual(["b"]);
  });

  it("updates, upserts and removes by id, keeping search consistent", async () => {
    const store = cosineStore();
    store.update("d", [1, 0.01, 0]);
    expect((await store.search([1, 0, 0], { k: 2 })).map((h) => h.id)).toEqual(["a", "d"]);
    expect(store.remove("a")).toBe(true);
    expect(store.remove("a")).toBe(false);
    expect(store.size).toBe(3);
    expect((await store.search([1, 0, 0], { k: 3 })).map((h) => h.id)).toEqual(["d", "b", "c"]);
    store.upsert("e", [0, 0, 1], { brand: "Kia" });
    store.upsert("c", [0, 0, -1]);
    expect(store.get("c")?.metadata).toEqual({});
    expect((await store.search([0, 0, 1], { k: 1 }))[0]?.id).toBe("e");
    expect(store.update.bind(store, "zz", [1, 0, 0])).toThrow(/not in the store/);
  });

  it("returns every vector when k exceeds the store size, and nothing from an empty store", async () => {
    expect(await cosineStore().search([1, 0, 0], { k: 50 })).toHaveLength(4);
    expect(await new VectorStore({ dim: 3, metric: "ip" }).search([1, 0, 0], { k: 5 })).toEqual([]);
  });

  it("keeps duplicate points as separate ids with equal scores", async () => {
    const store = new VectorStore({ dim: 2, metric: "cosine" });
    store.add("x", [1, 1]);
    store.add("y", [1, 1]);
    const hits = await store.search([1, 1], { k: 2 });
    expect(hits.map((h) => h.id)).toEqual(["x", "y"]);
    expect(hits[0]?.score).toBe(hits[1]?.score);
  });

  it("refuses bad input with errors naming the field", async () => {
    const store = cosineStore();
    expect(errorOf(() => store.add("z", [0, 0, 0])).code).toBe("zero_vector");
    expect(store.has("z")).toBe(false);
    expect(errorOf(() => store.update("a", [0, 0, 0])).code).toBe("zero_vector");
    expect(store.get("a")?.vector[0]).toBeCloseTo(1);
    expect(errorOf(() => store.add("z", [1, Number.NaN, 0])).message).toBe(
      'vector of "z"[1]: expected a finite number, got NaN',
    );
    expect(errorOf(() => store.add("z", [1, Number.POSITIVE_INFINITY, 0])).message).toMatch(/Infinity/);
    expect(errorOf(() => store.add("z", [1, 0])).message).toBe('vector of "z": expected 3 dimensions, got 2');
    expect(errorOf(() => store.add("a", [1, 0, 0])).status).toBe(409);
    expect(errorOf(() => store.add("", [1, 0, 0])).code).toBe("invalid_id");
    await expect(store.search([1, 0], { k: 1 })).rejects.toThrow("query: expected 3 dimensions, got 2");
    await expect(store.search([0, 0, 0], { k: 1 })).rejects.toThrow(/zero vector/);
    await expect(store.search([1, 0, 0], { k: 0 })).rejects.toThrow(/k: expected an integer/);
    expect(() => new VectorStore({ dim: 0, metric: "ip" })).toThrow(/dim/);
  });

  it("grows by at most 1/16 of the raw bytes and costs ≤ 1.1 × raw once compacted", () => {
    const dim = 256;
    const store = new VectorStore({ dim, metric: "ip" });
    const rows = randomMatrix(9, 3000, dim);
    for (let i = 0; i < 3000; i++) {
      store.add(`v${i}`, rows.subarray(i * dim, (i + 1) * dim));
      if (i >= 256 && i % 7 === 0) {
        const { raw, vectors } = store.memoryBytes();
        expect(vectors / raw).toBeLessThanOrEqual(1.0625);
      }
    }
    store.compact();
    const { raw, vectors, total } = store.memoryBytes();
    expect(vectors).toBe(raw);
    expect(total / raw).toBeLessThanOrEqual(1.1);
    expect(store.get("v2999")?.vector).toEqual(rows.slice(2999 * dim));
  });
});

describe("VectorStore on the onnx backend", () => {
  it("answers filtered and unfiltered searches exactly like the pure backend", async () => {
    const { backend } = await createBackend({ prefer: "onnx", threads: 1 });
    const dim = 24;
    const rows = randomMatrix(21, 400, dim);
    const items = Array.from({ length: 400 }, (_, i) => ({
      id: `d${i}`,
      vector: rows.subarray(i * dim, (i + 1) * dim),
      metadata: { region: ["West", "Midwest", "South"][i % 3] as string },
    }));
    const pure = new VectorStore({ dim, metric: "cosine" });
    const onnx = new VectorStore({ dim, metric: "cosine", backend });
    pure.addMany(items);
    onnx.addMany(items);
    const queries = Array.from({ length: 7 }, (_, q) => rows.subarray(q * dim, (q + 1) * dim));
    for (const options of [
      { k: 10 },
      { k: 5, filter: { region: "West" } },
      { k: 3, exclude: ["d0", "d1"] },
    ]) {
      expect(await onnx.searchBatch(queries, options)).toEqual(await pure.searchBatch(queries, options));
    }
    await backend.dispose();
  });
});

describe("addMany", () => {
  it("allocates exactly once and leaves the store unchanged when any item is bad", () => {
    const store = new VectorStore({ dim: 2, metric: "cosine" });
    store.addMany([
      { id: "a", vector: [1, 0] },
      { id: "b", vector: [0, 1], metadata: { brand: "BMW" } },
    ]);
    expect(store.memoryBytes().vectors).toBe(store.memoryBytes().raw);
    expect(() =>
      store.addMany([
        { id: "c", vector: [1, 1] },
        { id: "c", vector: [1, 2] },
      ]),
    ).toThrow(/items\[1\]: id "c"/);
    expect(() =>
      store.addMany([
        { id: "d", vector: [1, 1] },
        { id: "e", vector: [0, 0] },
      ]),
    ).toThrow(/zero vector/);
    expect(() => store.addMany([{ id: "f", vector: [1, Number.NaN] }])).toThrow(/expected a finite number/);
    expect(store.ids).toEqual(["a", "b"]);
  });
});

describe("saveStore / loadStore", () => {
  it("round-trips ids, metadata and search results", async () => {
    const dir = await tempDir();
    const store = cosineStore();
    const path = join(dir, "store.bin");
    await saveStore(store, path);
    const loaded = await loadStore(path);
    expect(loaded.ids).toEqual(store.ids);
    expect(loaded.get("c")?.metadata).toEqual({ brand: "BMW", region: "Midwest" });
    expect(await loaded.search([1, 0.2, 0], { k: 4 })).toEqual(await store.search([1, 0.2, 0], { k: 4 }));
    expect((await readdir(dir)).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("refuses a missing, truncated or bit-flipped file with a clear error", async () => {
    const dir = await tempDir();
    const path = join(dir, "store.bin");
    await expect(loadStore(path)).rejects.toMatchObject({ code: "store_missing", status: 404 });
    await saveStore(cosineStore(), path);
    const bytes = await readFile(path);
    await writeFile(path, bytes.subarray(0, bytes.length - 4));
    await expect(loadStore(path)).rejects.toMatchObject({ code: "store_corrupt" });
    const flipped = Buffer.from(bytes);
    flipped[flipped.length - 1] = (flipped[flipped.length - 1] as number) ^ 0xff;
    await writeFile(path, flipped);
    await expect(loadStore(path)).rejects.toThrow(/checksum mismatch/);
    await writeFile(path, "hello");
    await expect(loadStore(path)).rejects.toThrow(/wrong magic bytes/);
  });
});
