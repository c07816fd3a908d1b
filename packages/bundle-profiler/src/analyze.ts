import { basename, dirname, extname, join, resolve } from "node:path";
import type { Progress } from "@dai/core";
import { measureFiles } from "./compress.js";
import { analyzeModules } from "./modules.js";
import { isJs, readNextBuild } from "./next-build.js";
import {
  ASSET_TYPES,
  type AssetType,
  type BundleReport,
  type RouteReport,
  type Router,
  type Sizes,
} from "./types.js";

export interface AnalyzeOptions {
  /** The app folder (holding `.next/`) or the build dir itself. */
  dir: string;
  /** Name in history and reports; defaults to the app folder's name. */
  app?: string;
  /** Compression cache (JSON by content hash); omit to compress everything. */
  cacheFile?: string;
  concurrency?: number;
  progress?: Progress;
  /** How many largest chunks to list. */
  top?: number;
  now?: Date;
}

const IMAGE = new Set([".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg", ".ico", ".bmp"]);
const FONT = new Set([".woff", ".woff2", ".ttf", ".otf", ".eot"]);

/** Asset class by file extension. */
export function assetType(file: string): AssetType {
  const ext = extname(file).toLowerCase();
  if (ext === ".js" || ext === ".mjs") return "js";
  if (ext === ".css") return "css";
  if (IMAGE.has(ext)) return "image";
  if (FONT.has(ext)) return "font";
  return "other";
}

export function zeroSizes(): Sizes {
  return { raw: 0, gzip: 0, brotli: 0 };
}

export function addSizes(into: Sizes, add: Sizes): Sizes {
  into.raw += add.raw;
  into.gzip += add.gzip;
  into.brotli += add.brotli;
  return into;
}

/**
 * Analyses one Next.js build: per-route first-load JS (Next's own chunk list where the build wrote
 * route-bundle-stats.json, the manifests otherwise), route-only JS and CSS, totals by asset type,
 * the largest chunks, and module/package sizes from source maps. Sizes are raw, gzip 9, brotli 11.
 *
 * @example const report = await analyzeBuild({ dir: "apps/web", cacheFile: "data/cache/bundle-sizes.json" });
 */
export async function analyzeBuild(options: AnalyzeOptions): Promise<BundleReport> {
  const layout = await readNextBuild(options.dir);
  const paths = layout.staticFiles.map((file) => join(layout.distDir, file));
  options.progress?.start(`compressing ${paths.length} files`, paths.length);
  const measured = await measureFiles(paths, {
    cacheFile: options.cacheFile,
    concurrency: options.concurrency,
    onProgress: (done) => options.progress?.update(done),
  });
  const sizeOf = (file: string): Sizes => measured.sizes.get(join(layout.distDir, file)) ?? zeroSizes();
  const sum = (files: readonly string[]) =>
    files.reduce((total, file) => addSizes(total, sizeOf(file)), zeroSizes());
  options.progress?.finish(`${measured.misses} compressed, ${measured.hits} from cache`);

  const byType = Object.fromEntries(ASSET_TYPES.map((type) => [type, zeroSizes()])) as Record<
    AssetType,
    Sizes
  >;
  const all = zeroSizes();
  for (const file of layout.staticFiles) {
    addSizes(byType[assetType(file)], sizeOf(file));
    addSizes(all, sizeOf(file));
  }
  const routes: RouteReport[] = layout.routes.map((route) => {
    const chunks = route.nextFirstLoadJs ?? route.firstLoadJs;
    const shared = new Set(layout.sharedJs[route.router] ?? []);
    const report: RouteReport = {
      route: route.route,
      router: route.router,
      firstLoadJs: sum(chunks),
      routeJs: sum(chunks.filter((file) => !shared.has(file))),
      css: sum(route.css),
      chunks,
    };
    if (route.nextFirstLoadBytes !== undefined) report.nextFirstLoadBytes = route.nextFirstLoadBytes;
    return report;
  });
  const shared: Partial<Record<Router, Sizes>> = {};
  for (const router of layout.routers) shared[router] = sum(layout.sharedJs[router] ?? []);
  const largestChunks = layout.staticFiles
    .filter((file) => assetType(file) === "js" || assetType(file) === "css")
    .map((file) => ({ file, type: assetType(file), sizes: sizeOf(file) }))
    .sort((a, b) => b.sizes.raw - a.sizes.raw || a.file.localeCompare(b.file))
    .slice(0, options.top ?? 10);
  const modules = await analyzeModules(layout.distDir, layout.staticFiles.filter(isJs), {
    sourceMaps: layout.sourceMaps,
  });
  return {
    app: options.app ?? appName(options.dir, layout.distDir),
    builder: layout.builder,
    buildId: layout.buildId,
    analyzedAt: (options.now ?? new Date()).toISOString(),
    totals: { all, files: layout.staticFiles.length, byType },
    shared,
    routes,
    largestChunks,
    modules,
    cache: { hits: measured.hits, misses: measured.misses },
  };
}

function appName(dir: string, distDir: string): string {
  const given = resolve(dir);
  if (given !== distDir) return basename(given);
  const parent = dirname(distDir);
  return basename(distDir) === ".next" ? basename(parent) : basename(distDir);
}
