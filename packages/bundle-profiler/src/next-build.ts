import { existsSync } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import { join, posix, resolve } from "node:path";
import { DaiError } from "@dai/core";
import { readJsonFile, readRscManifest } from "./manifests.js";
import type { Builder, BuildLayout, RouteFiles, Router } from "./types.js";

const PAGES_SPECIAL = new Set(["/_app", "/_document", "/_error"]);

interface BuildManifest {
  pages?: Record<string, string[]>;
  rootMainFiles?: string[];
  polyfillFiles?: string[];
  chunkLoadingGlobal?: string;
}

interface RouteBundleStat {
  route: string;
  firstLoadUncompressedJsBytes: number;
  firstLoadChunkPaths: string[];
}

/**
 * The build directory of an app: `dir` itself when it holds a `BUILD_ID`, else `dir/.next`.
 *
 * @example await resolveDistDir("apps/web") // "/…/apps/web/.next"
 */
export async function resolveDistDir(dir: string): Promise<string> {
  const absolute = resolve(dir);
  for (const candidate of [absolute, join(absolute, ".next")]) {
    if (existsSync(join(candidate, "BUILD_ID")) && existsSync(join(candidate, "build-manifest.json"))) {
      return candidate;
    }
  }
  throw new DaiError(
    "no_next_build",
    `${dir}: no Next.js build found (expected BUILD_ID and build-manifest.json in it or in its .next/); run \`next build\` first`,
    { status: 404, field: "app" },
  );
}

/**
 * Reads which files every route loads from Next's own manifests (build-manifest.json, the App
 * Router's client reference manifests, Turbopack's route-bundle-stats.json). Measures nothing.
 *
 * @example const layout = await readNextBuild("apps/web"); layout.routes[0].firstLoadJs
 */
export async function readNextBuild(dir: string): Promise<BuildLayout> {
  const distDir = await resolveDistDir(dir);
  const buildManifest = (await readJsonFile(join(distDir, "build-manifest.json"))) as BuildManifest;
  const builder: Builder =
    buildManifest.chunkLoadingGlobal === "TURBOPACK" || existsSync(join(distDir, "turbopack"))
      ? "turbopack"
      : "webpack";
  const buildId = (await readFile(join(distDir, "BUILD_ID"), "utf8")).trim();
  const { files: staticFiles, maps: sourceMaps } = await listStaticFiles(distDir);
  const known = new Set(staticFiles);
  const nextStats = await readRouteBundleStats(distDir, known);

  const routes: RouteFiles[] = [];
  const sharedJs: Partial<Record<Router, string[]>> = {};
  const appEntries = await readOptionalJson<Record<string, string>>(
    join(distDir, "app-path-routes-manifest.json"),
  );
  if (appEntries && Object.keys(appEntries).length > 0) {
    const rootMain = (buildManifest.rootMainFiles ?? []).filter(isJs);
    sharedJs.app = rootMain;
    for (const [entry, route] of Object.entries(appEntries)) {
      // Route handlers ship no client JS, and the global error page is not a route a user visits.
      if (!entry.endsWith("/page") || route === "/_global-error") continue;
      const files = await appRouteFiles(distDir, entry, rootMain, known);
      routes.push({
        route,
        router: "app",
        ...files,
        routeJs: files.firstLoadJs.filter((f) => !rootMain.includes(f)),
      });
    }
  }
  const pagesRoutes = await pagesRouterRoutes(distDir, buildManifest);
  if (pagesRoutes.length > 0) {
    const app = (buildManifest.pages?.["/_app"] ?? []).filter(isJs);
    sharedJs.pages = app;
    for (const route of pagesRoutes) {
      const own = buildManifest.pages?.[route] ?? [];
      const firstLoadJs = unique([...own.filter(isJs), ...app]);
      const css = unique([...(buildManifest.pages?.["/_app"] ?? []), ...own].filter(isCss));
      routes.push({
        route,
        router: "pages",
        firstLoadJs,
        routeJs: firstLoadJs.filter((f) => !app.includes(f)),
        css,
      });
    }
  }
  for (const route of routes) {
    const stat = nextStats.get(route.route);
    if (stat) {
      route.nextFirstLoadBytes = stat.bytes;
      route.nextFirstLoadJs = stat.files;
    }
  }
  routes.sort((a, b) => a.route.localeCompare(b.route));
  const routers = [...new Set(routes.map((r) => r.router))];
  return { distDir, builder, buildId, routers, sharedJs, routes, staticFiles, sourceMaps };
}

async function appRouteFiles(
  distDir: string,
  entry: string,
  rootMain: readonly string[],
  known: ReadonlySet<string>,
): Promise<{ firstLoadJs: string[]; css: string[] }> {
  const manifestPath = join(distDir, "server", "app", `${entry}_client-reference-manifest.js`);
  const manifest = await readRscManifest(manifestPath, entry);
  const js: string[] = [];
  if (manifest.entryJSFiles) {
    // Turbopack lists each segment's entry chunks directly.
    for (const files of Object.values(manifest.entryJSFiles)) js.push(...files.map(toBuildPath));
  } else {
    // webpack: the chunks of the client modules the route references, plus its segment entry chunks.
    for (const module of Object.values(manifest.clientModules ?? {})) {
      for (const chunk of module.chunks ?? []) if (chunk.includes("/")) js.push(toBuildPath(chunk));
    }
    js.push(...(await segmentEntryChunks(distDir, entry)));
  }
  const firstLoadJs = unique([...js.filter((f) => known.has(f) && isJs(f)), ...rootMain]);
  const css = unique(
    segmentCssKeys(Object.keys(manifest.entryCSSFiles ?? {}), entry).flatMap((key) =>
      (manifest.entryCSSFiles?.[key] ?? []).map((file) =>
        toBuildPath(typeof file === "string" ? file : file.path),
      ),
    ),
  );
  return { firstLoadJs, css: css.filter((f) => known.has(f)) };
}

/** webpack names an App Router segment's entry chunk `static/chunks/app/<segment>/(page|layout)-<hash>.js`. */
async function segmentEntryChunks(distDir: string, entry: string): Promise<string[]> {
  const segments = entry.split("/").filter(Boolean).slice(0, -1);
  const found: string[] = [];
  for (let depth = 0; depth <= segments.length; depth++) {
    const dir = posix.join("static/chunks/app", ...segments.slice(0, depth));
    const names = await readdir(join(distDir, dir)).catch(() => [] as string[]);
    const wanted =
      depth === segments.length ? /^(page|layout|template)-[\w-]+\.js$/ : /^(layout|template)-[\w-]+\.js$/;
    for (const name of names) if (wanted.test(name)) found.push(posix.join(dir, name));
  }
  return found;
}

/** Keys of entryCSSFiles that belong to the route: its page and the layouts above it. */
export function segmentCssKeys(keys: readonly string[], entry: string): string[] {
  const pageKey = keys.find((key) => key.endsWith(`/app${entry}`));
  if (!pageKey) return [...keys];
  const appRoot = pageKey.slice(0, -entry.length);
  const entryDir = posix.dirname(entry);
  return keys.filter((key) => {
    if (key === pageKey) return true;
    if (!key.startsWith(`${appRoot}/`)) return false;
    const rel = key.slice(appRoot.length);
    const dir = posix.dirname(rel);
    const ancestor = dir === "/" || entryDir === dir || entryDir.startsWith(`${dir}/`);
    return ancestor && !rel.endsWith("/page");
  });
}

async function pagesRouterRoutes(distDir: string, buildManifest: BuildManifest): Promise<string[]> {
  const fromBuild = Object.keys(buildManifest.pages ?? {}).filter((r) => !PAGES_SPECIAL.has(r));
  const serverPages = await readOptionalJson<Record<string, string>>(
    join(distDir, "server", "pages-manifest.json"),
  );
  // An App-Router-only build still lists static /404 and /500 fallbacks; those are not Pages Router routes.
  if (fromBuild.length === 0 && !serverPages?.["/_app"]) return [];
  const fromServer = Object.keys(serverPages ?? {}).filter((r) => !PAGES_SPECIAL.has(r) && r !== "/500");
  return unique([...fromBuild, ...fromServer]);
}

async function readRouteBundleStats(
  distDir: string,
  known: ReadonlySet<string>,
): Promise<Map<string, { bytes: number; files: string[] }>> {
  const path = join(distDir, "diagnostics", "route-bundle-stats.json");
  const stats = await readOptionalJson<RouteBundleStat[]>(path);
  const map = new Map<string, { bytes: number; files: string[] }>();
  if (!Array.isArray(stats)) return map;
  stats.forEach((stat, index) => {
    if (typeof stat?.route !== "string" || !Array.isArray(stat.firstLoadChunkPaths)) {
      throw new DaiError("invalid_manifest", `${path}: entry ${index} lacks route/firstLoadChunkPaths`, {
        status: 422,
      });
    }
    const files = stat.firstLoadChunkPaths.map((p) => statsPathToBuildPath(p, known));
    map.set(stat.route, { bytes: stat.firstLoadUncompressedJsBytes, files });
  });
  return map;
}

/** route-bundle-stats paths start with the dist dir as written in next.config (`.next/static/…`). */
function statsPathToBuildPath(path: string, known: ReadonlySet<string>): string {
  let index = path.indexOf("static/");
  while (index >= 0) {
    const candidate = path.slice(index);
    if (known.has(candidate)) return candidate;
    index = path.indexOf("static/", index + 1);
  }
  return path.slice(Math.max(0, path.indexOf("static/")));
}

function toBuildPath(chunk: string): string {
  const marker = chunk.indexOf("/_next/");
  const path = marker >= 0 ? chunk.slice(marker + "/_next/".length) : chunk;
  return decodeURI(path.replace(/^\/+/, ""));
}

async function listStaticFiles(distDir: string): Promise<{ files: string[]; maps: string[] }> {
  const root = join(distDir, "static");
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  const files: string[] = [];
  const maps: string[] = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const rel = posix.join(
      "static",
      join(entry.parentPath, entry.name)
        .slice(root.length + 1)
        .split("\\")
        .join("/"),
    );
    (entry.name.endsWith(".map") ? maps : files).push(rel);
  }
  return { files: files.sort(), maps: maps.sort() };
}

async function readOptionalJson<T>(path: string): Promise<T | undefined> {
  if (!existsSync(path) || !(await stat(path)).isFile()) return undefined;
  return (await readJsonFile(path)) as T;
}

function unique(items: readonly string[]): string[] {
  return [...new Set(items)];
}

export function isJs(file: string): boolean {
  return /\.(m?js)$/.test(file);
}

function isCss(file: string): boolean {
  return file.endsWith(".css");
}
