import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";
import { writeJsonAtomic } from "@dai/core";
import type { Sizes } from "./types.js";

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);
const CACHE_VERSION = 1;
/** Bounded so a cache shared by many builds does not grow forever; oldest entries go first. */
const MAX_CACHE_ENTRIES = 50_000;

/** gzip level 9 and brotli quality 11: what static hosts precompress with. */
export async function compressedSizes(content: Uint8Array): Promise<Sizes> {
  const [gz, br] = await Promise.all([
    gzipAsync(content, { level: 9 }),
    brotliAsync(content, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 11,
        [constants.BROTLI_PARAM_SIZE_HINT]: content.byteLength,
      },
    }),
  ]);
  return { raw: content.byteLength, gzip: gz.byteLength, brotli: br.byteLength };
}

export interface SizerOptions {
  /** JSON cache of sizes by content hash; omitted means no cache. */
  cacheFile?: string;
  /**
   * Files compressed at once; gzip and brotli of each run on libuv's thread pool, which spreads them
   * over the cores. Defaults to the core count: brotli 11 is CPU-bound, more in flight only thrashes.
   */
  concurrency?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface SizerResult {
  sizes: Map<string, Sizes>;
  hits: number;
  misses: number;
}

interface CacheFile {
  version: number;
  entries: Record<string, [number, number, number]>;
}

/**
 * Raw, gzip and brotli sizes of many files. Contents are hashed (SHA-256) and looked up in the cache
 * first, so unchanged chunks are never recompressed; identical contents are compressed once; misses
 * run `concurrency` at a time on libuv's thread pool, which spreads them over the cores.
 *
 * @example const { sizes } = await measureFiles(["/app/.next/static/chunks/a.js"], { cacheFile: "data/cache/sizes.json" });
 */
export async function measureFiles(
  paths: readonly string[],
  options: SizerOptions = {},
): Promise<SizerResult> {
  const cache = options.cacheFile
    ? await loadCache(options.cacheFile)
    : new Map<string, [number, number, number]>();
  const sizes = new Map<string, Sizes>();
  const pending = new Map<string, { content: Buffer; paths: string[] }>();
  const used = new Map<string, [number, number, number]>();
  let hits = 0;
  const contents = await mapLimit(paths, 64, (path) => readFile(path));
  paths.forEach((path, index) => {
    const content = contents[index] as Buffer;
    const hash = createHash("sha256").update(content).digest("base64url");
    const cached = cache.get(hash);
    if (cached) {
      hits++;
      used.set(hash, cached);
      sizes.set(path, { raw: cached[0], gzip: cached[1], brotli: cached[2] });
      return;
    }
    const job = pending.get(hash);
    if (job) job.paths.push(path);
    else pending.set(hash, { content, paths: [path] });
  });
  const jobs = [...pending.entries()].sort((a, b) => b[1].content.byteLength - a[1].content.byteLength);
  let next = 0;
  let done = 0;
  const concurrency = Math.max(1, options.concurrency ?? defaultConcurrency());
  const worker = async () => {
    // Largest first keeps the cores busy to the end instead of waiting on one big straggler.
    while (next < jobs.length) {
      const [hash, job] = jobs[next++] as [string, { content: Buffer; paths: string[] }];
      const measured = await compressedSizes(job.content);
      used.set(hash, [measured.raw, measured.gzip, measured.brotli]);
      for (const path of job.paths) sizes.set(path, measured);
      options.onProgress?.(++done, jobs.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, jobs.length) }, worker));
  if (options.cacheFile && jobs.length > 0) await saveCache(options.cacheFile, cache, used);
  return { sizes, hits, misses: paths.length - hits };
}

/** One file in flight per core (bounded, unlike one stream per file). */
export function defaultConcurrency(): number {
  return availableParallelism();
}

async function loadCache(file: string): Promise<Map<string, [number, number, number]>> {
  if (!existsSync(file)) return new Map();
  try {
    const parsed = JSON.parse(await readFile(file, "utf8")) as CacheFile;
    if (parsed.version !== CACHE_VERSION || typeof parsed.entries !== "object") return new Map();
    return new Map(Object.entries(parsed.entries));
  } catch {
    // A damaged cache only costs time: start over rather than fail the analysis.
    return new Map();
  }
}

async function saveCache(
  file: string,
  previous: Map<string, [number, number, number]>,
  used: Map<string, [number, number, number]>,
): Promise<void> {
  const merged = new Map(previous);
  for (const [hash, value] of used) {
    merged.delete(hash);
    merged.set(hash, value);
  }
  const entries = [...merged.entries()].slice(-MAX_CACHE_ENTRIES);
  await writeJsonAtomic(file, { version: CACHE_VERSION, entries: Object.fromEntries(entries) });
}

/** Like Promise.all over `items`, at most `limit` at a time (thousands of open files hit EMFILE). */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const run = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, run));
  return results;
}
