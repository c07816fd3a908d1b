import { readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { tempDir } from "./__tests__/tmp.js";
import { mapLimit, measureFiles } from "./compress.js";

const text = (n: number) =>
  Array.from({ length: n }, (_, i) => `function f${i}(a){return a*${i}+${i % 7}}`).join(";");

describe("measureFiles", () => {
  it("reports the same sizes as zlib's gzip 9 and brotli 11", async () => {
    const dir = await tempDir();
    const file = join(dir, "a.js");
    await writeFile(file, text(300));
    const { sizes } = await measureFiles([file]);
    const content = readFileSync(file);
    expect(sizes.get(file)).toEqual({
      raw: content.byteLength,
      gzip: gzipSync(content, { level: 9 }).byteLength,
      brotli: brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).byteLength,
    });
  });

  it("serves unchanged contents from the cache and recompresses only what changed", async () => {
    const dir = await tempDir();
    const cacheFile = join(dir, "cache", "sizes.json");
    const files = ["a.js", "b.js", "c.css"].map((name) => join(dir, name));
    await Promise.all(files.map((file, i) => writeFile(file, text(50 + i * 40))));
    const cold = await measureFiles(files, { cacheFile });
    expect(cold).toMatchObject({ hits: 0, misses: 3 });
    const warm = await measureFiles(files, { cacheFile });
    expect(warm).toMatchObject({ hits: 3, misses: 0 });
    expect(warm.sizes).toEqual(cold.sizes);
    await writeFile(files[1] as string, text(500));
    const changed = await measureFiles(files, { cacheFile });
    expect(changed).toMatchObject({ hits: 2, misses: 1 });
    expect(changed.sizes.get(files[1] as string)?.raw).toBe(readFileSync(files[1] as string).byteLength);
    // The cache file is always whole JSON (written atomically).
    expect(JSON.parse(readFileSync(cacheFile, "utf8")).version).toBe(1);
  });

  it("compresses identical contents once and survives a damaged cache file", async () => {
    const dir = await tempDir();
    const cacheFile = join(dir, "sizes.json");
    await writeFile(cacheFile, "{ not json");
    const files = [join(dir, "x.js"), join(dir, "y.js")];
    await Promise.all(files.map((file) => writeFile(file, text(100))));
    const progress: number[] = [];
    const result = await measureFiles(files, { cacheFile, onProgress: (done) => progress.push(done) });
    expect(progress).toEqual([1]);
    expect(result.sizes.get(files[0] as string)).toEqual(result.sizes.get(files[1] as string));
  });
});

describe("mapLimit", () => {
  it("keeps order and never runs more than the limit at once", async () => {
    let running = 0;
    let peak = 0;
    const out = await mapLimit([5, 1, 4, 2, 3], 2, async (n) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, n));
      running--;
      return n * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30]);
    expect(peak).toBe(2);
  });
});
