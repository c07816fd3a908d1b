import { existsSync } from "node:fs";
import { open, readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { mapLimit } from "./compress.js";
import { attributeSources, normalizeSource, packageOf, type RawSourceMap } from "./sourcemap.js";
import type { DuplicatePackage, ModuleBreakdown, ModuleSize } from "./types.js";

const FIRST_PARTY = "(first-party)";
const UNMAPPED = "(unmapped)";

/**
 * Largest modules and packages and duplicated packages of the JS chunks that ship a source map
 * (`productionBrowserSourceMaps`); chunks without one are skipped.
 *
 * @example const breakdown = await analyzeModules("/app/.next", ["static/chunks/a.js"]);
 */
export async function analyzeModules(
  distDir: string,
  chunks: readonly string[],
  options: { top?: number; sourceMaps?: readonly string[] } = {},
): Promise<ModuleBreakdown> {
  const top = options.top ?? 20;
  // No map files at all (the default build): nothing to read; inline data: maps are the rare exception.
  if (options.sourceMaps && options.sourceMaps.length === 0) {
    return { mappedChunks: 0, largestModules: [], largestPackages: [], duplicates: [] };
  }
  const perChunk = await mapLimit(chunks, 8, async (chunk) => ({
    chunk,
    sources: await chunkSources(distDir, chunk),
  }));
  const modules = new Map<string, { bytes: number; chunks: Map<string, number> }>();
  let mappedChunks = 0;
  for (const { chunk, sources } of perChunk) {
    if (!sources) continue;
    mappedChunks++;
    for (const [source, bytes] of sources) {
      const name = source === undefined ? UNMAPPED : normalizeSource(source);
      const entry = modules.get(name) ?? { bytes: 0, chunks: new Map<string, number>() };
      entry.bytes += bytes;
      entry.chunks.set(chunk, (entry.chunks.get(chunk) ?? 0) + bytes);
      modules.set(name, entry);
    }
  }
  const packages = new Map<
    string,
    { bytes: number; chunks: Set<string>; copies: Map<string, number>; wasted: number }
  >();
  for (const [name, entry] of modules) {
    if (name === UNMAPPED) continue;
    const pkg = packageOf(name);
    const key = pkg?.name ?? FIRST_PARTY;
    const item = packages.get(key) ?? { bytes: 0, chunks: new Set<string>(), copies: new Map(), wasted: 0 };
    item.bytes += entry.bytes;
    for (const chunk of entry.chunks.keys()) item.chunks.add(chunk);
    if (pkg) item.copies.set(pkg.copy, (item.copies.get(pkg.copy) ?? 0) + entry.bytes);
    // The same module bundled into several chunks: every copy but the largest is waste.
    item.wasted += entry.bytes - Math.max(...entry.chunks.values());
    packages.set(key, item);
  }
  const duplicates: DuplicatePackage[] = [];
  for (const [name, item] of packages) {
    if (name === FIRST_PARTY) continue;
    const copies = [...item.copies.entries()].sort((a, b) => b[1] - a[1]);
    const extraCopies = copies.slice(1).reduce((sum, [, bytes]) => sum + bytes, 0);
    if (copies.length > 1 || item.wasted > 0) {
      duplicates.push({
        name,
        versions: copies.map(([copy]) => copy).sort(),
        chunks: [...item.chunks].sort(),
        wastedBytes: extraCopies + item.wasted,
      });
    }
  }
  const byBytes = (a: ModuleSize, b: ModuleSize) => b.bytes - a.bytes || a.name.localeCompare(b.name);
  return {
    mappedChunks,
    largestModules: [...modules.entries()]
      .map(([name, entry]) => ({ name, bytes: entry.bytes, chunks: [...entry.chunks.keys()].sort() }))
      .sort(byBytes)
      .slice(0, top),
    largestPackages: [...packages.entries()]
      .map(([name, item]) => ({ name, bytes: item.bytes, chunks: [...item.chunks].sort() }))
      .sort(byBytes)
      .slice(0, top),
    duplicates: duplicates.sort((a, b) => b.wastedBytes - a.wastedBytes || a.name.localeCompare(b.name)),
  };
}

async function chunkSources(
  distDir: string,
  chunk: string,
): Promise<Map<string | undefined, number> | undefined> {
  const path = join(distDir, chunk);
  const tail = await readTail(path, 4096);
  if (!/sourceMappingURL=/.test(tail) && !existsSync(`${path}.map`)) return undefined;
  const code = await readFile(path, "utf8");
  const map = await loadMap(path, code);
  if (!map) return undefined;
  try {
    return attributeSources(code, map);
  } catch {
    // A malformed map is the build's problem, not a reason to drop the whole analysis.
    return undefined;
  }
}

/** The last `bytes` of a file, where bundlers put the sourceMappingURL comment. */
async function readTail(path: string, bytes: number): Promise<string> {
  const handle = await open(path, "r");
  try {
    const { size } = await handle.stat();
    const length = Math.min(size, bytes);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    return buffer.toString("utf8");
  } finally {
    await handle.close();
  }
}

async function loadMap(path: string, code: string): Promise<RawSourceMap | undefined> {
  const match = /\/\/[#@] sourceMappingURL=(\S+)\s*$/.exec(code.slice(-4096));
  const url = match?.[1];
  try {
    if (url?.startsWith("data:")) {
      const comma = url.indexOf(",");
      const payload = url.slice(comma + 1);
      const text = url.slice(0, comma).endsWith(";base64")
        ? Buffer.from(payload, "base64").toString("utf8")
        : decodeURIComponent(payload);
      return JSON.parse(text) as RawSourceMap;
    }
    const file = url ? join(dirname(path), decodeURIComponent(url.split("?")[0] ?? url)) : `${path}.map`;
    if (!existsSync(file)) return undefined;
    return JSON.parse(await readFile(file, "utf8")) as RawSourceMap;
  } catch {
    return undefined;
  }
}
