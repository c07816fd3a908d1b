/** Which bundler produced a Next.js build. */
export type Builder = "turbopack" | "webpack";
/** Which router a route belongs to. */
export type Router = "app" | "pages";
/** Asset classes of the type breakdown. */
export type AssetType = "js" | "css" | "image" | "font" | "other";
export const ASSET_TYPES: readonly AssetType[] = ["js", "css", "image", "font", "other"];

/** One asset's size three ways: as served raw, gzip level 9, brotli quality 11. */
export interface Sizes {
  raw: number;
  gzip: number;
  brotli: number;
}

/** The files of one route as read from Next's manifests (paths relative to the build dir). */
export interface RouteFiles {
  route: string;
  router: Router;
  /** Every JS chunk loaded on first visit, shared ones included, deduplicated. */
  firstLoadJs: string[];
  /** The first-load JS that is not shared by every route of the router. */
  routeJs: string[];
  css: string[];
  /** Next's own first-load figure (uncompressed bytes), where the build wrote one. */
  nextFirstLoadBytes?: number;
  /** Next's own first-load chunk list, where the build wrote one. */
  nextFirstLoadJs?: string[];
}

/** What `readNextBuild` learns from a build directory without measuring anything. */
export interface BuildLayout {
  /** Absolute path of the build dir (`.next` or a custom `distDir`). */
  distDir: string;
  builder: Builder;
  buildId: string;
  routers: Router[];
  /** JS loaded by every route, per router. */
  sharedJs: Partial<Record<Router, string[]>>;
  routes: RouteFiles[];
  /** Every client asset under `static/`, source maps excluded. */
  staticFiles: string[];
  /** The source maps under `static/` (`productionBrowserSourceMaps`). */
  sourceMaps: string[];
}

export interface RouteReport {
  route: string;
  router: Router;
  firstLoadJs: Sizes;
  routeJs: Sizes;
  css: Sizes;
  chunks: string[];
  nextFirstLoadBytes?: number;
}

export interface ChunkReport {
  file: string;
  type: AssetType;
  sizes: Sizes;
}

export interface ModuleSize {
  /** Source path as the source map names it, or a package name. */
  name: string;
  /** Generated (minified) bytes attributed to it. */
  bytes: number;
  chunks: string[];
}

export interface DuplicatePackage {
  name: string;
  /** Distinct install paths/versions seen (more than one means several copies are bundled). */
  versions: string[];
  /** Chunks carrying it; one module in several chunks is duplicated code too. */
  chunks: string[];
  /** Bytes that would be saved if only one copy remained. */
  wastedBytes: number;
}

export interface ModuleBreakdown {
  /** Chunks that had a usable source map. */
  mappedChunks: number;
  largestModules: ModuleSize[];
  largestPackages: ModuleSize[];
  duplicates: DuplicatePackage[];
}

/** The full analysis of one build. */
export interface BundleReport {
  app: string;
  builder: Builder;
  buildId: string;
  analyzedAt: string;
  totals: { all: Sizes; files: number; byType: Record<AssetType, Sizes> };
  shared: Partial<Record<Router, Sizes>>;
  routes: RouteReport[];
  largestChunks: ChunkReport[];
  modules: ModuleBreakdown;
  cache: { hits: number; misses: number };
}
