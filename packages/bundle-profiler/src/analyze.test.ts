import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { fixtureBuild, SHARED_CACHE_FILE } from "./__tests__/fixtures.js";
import { tempDir } from "./__tests__/tmp.js";
import { analyzeBuild, assetType } from "./analyze.js";
import { ASSET_TYPES } from "./types.js";

describe("analyzeBuild", () => {
  it("App Router (Turbopack): first-load raw bytes equal Next's figures; gzip sums per-file gzip", async () => {
    const dir = fixtureBuild("app-router", "turbopack");
    const report = await analyzeBuild({ dir, app: "fixture-app", cacheFile: SHARED_CACHE_FILE });
    expect(report).toMatchObject({ app: "fixture-app", builder: "turbopack" });
    for (const route of report.routes) {
      expect(route.firstLoadJs.raw, route.route).toBe(route.nextFirstLoadBytes);
      const gzip = route.chunks.reduce(
        (sum, file) => sum + gzipSync(readFileSync(join(dir, file)), { level: 9 }).byteLength,
        0,
      );
      expect(route.firstLoadJs.gzip, route.route).toBe(gzip);
      expect(route.firstLoadJs.brotli).toBeLessThan(route.firstLoadJs.gzip);
      expect(route.routeJs.raw).toBeLessThan(route.firstLoadJs.raw);
    }
    const chart = report.routes.find((r) => r.route === "/chart");
    const home = report.routes.find((r) => r.route === "/");
    expect(chart && home && chart.routeJs.raw > home.routeJs.raw).toBe(true);
  });

  it("breaks totals down by type (the fixture imports a PNG and a font from CSS) and they add up", async () => {
    const report = await analyzeBuild({
      dir: fixtureBuild("app-router", "webpack"),
      cacheFile: SHARED_CACHE_FILE,
    });
    expect(report.totals.byType.image.raw).toBeGreaterThan(0);
    expect(report.totals.byType.font.raw).toBeGreaterThan(0);
    for (const key of ["raw", "gzip", "brotli"] as const) {
      expect(ASSET_TYPES.reduce((sum, type) => sum + report.totals.byType[type][key], 0)).toBe(
        report.totals.all[key],
      );
    }
    const raws = report.largestChunks.map((c) => c.sizes.raw);
    expect(raws).toEqual([...raws].sort((a, b) => b - a));
    expect(report.modules.mappedChunks).toBe(0);
  });

  it("second analysis of an unchanged build comes wholly from the cache with identical figures", async () => {
    const cacheFile = join(await tempDir(), "sizes.json");
    const dir = fixtureBuild("pages-router", "webpack");
    const cold = await analyzeBuild({ dir, cacheFile });
    const warm = await analyzeBuild({ dir, cacheFile });
    expect(cold.cache.misses).toBeGreaterThan(0);
    expect(warm.cache).toEqual({ hits: cold.totals.files, misses: 0 });
    expect(warm.routes).toEqual(cold.routes);
    expect(warm.totals).toEqual(cold.totals);
  });

  it.each(["turbopack", "webpack"] as const)(
    "Pages Router (%s) with source maps: largest packages and duplicates",
    async (builder) => {
      const report = await analyzeBuild({
        dir: fixtureBuild("pages-router", builder),
        cacheFile: SHARED_CACHE_FILE,
      });
      expect(report.modules.mappedChunks).toBeGreaterThan(0);
      const names = report.modules.largestPackages.map((p) => p.name);
      expect(names).toContain("react-dom");
      expect(names).toContain("(first-party)");
      const reactDom = report.modules.largestPackages.find((p) => p.name === "react-dom");
      expect(reactDom?.bytes).toBeGreaterThan(100_000);
      expect(report.modules.largestModules[0]?.bytes).toBeGreaterThan(0);
      for (const dup of report.modules.duplicates)
        expect(dup.versions.length > 1 || dup.wastedBytes > 0).toBe(true);
    },
  );
});

describe("assetType", () => {
  it("classifies by extension", () => {
    expect(
      ["a.js", "b.mjs", "c.css", "d.PNG", "e.svg", "f.woff2", "g.ttf", "h.json", "i.txt"].map(assetType),
    ).toEqual(["js", "js", "css", "image", "image", "font", "font", "other", "other"]);
  });
});
