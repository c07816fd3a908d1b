import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DaiError } from "@dai/core";
import { describe, expect, it } from "vitest";
import { ALL_BUILDS, fixtureBuild, WEB_APP_DIR } from "./__tests__/fixtures.js";
import { readNextBuild, resolveDistDir, segmentCssKeys } from "./next-build.js";

interface Stat {
  route: string;
  firstLoadUncompressedJsBytes: number;
}

describe("readNextBuild against real Next 16 builds", () => {
  it.each(ALL_BUILDS)("%s built with %s: detects the builder and router", async (fixture, builder) => {
    const layout = await readNextBuild(fixtureBuild(fixture, builder));
    expect(layout.builder).toBe(builder);
    expect(layout.routers).toEqual([fixture === "app-router" ? "app" : "pages"]);
    for (const route of layout.routes) {
      expect(new Set(route.firstLoadJs).size, `${route.route} has duplicate chunks`).toBe(
        route.firstLoadJs.length,
      );
      for (const file of [...route.firstLoadJs, ...route.css]) expect(layout.staticFiles).toContain(file);
    }
  });

  it.each([
    ["app-router", fixtureBuild("app-router", "turbopack")],
    ["pages-router", fixtureBuild("pages-router", "turbopack")],
    ["apps/web", join(WEB_APP_DIR, ".next")],
  ])(
    "%s (Turbopack): the chunks derived from the manifests are exactly Next's route-bundle-stats",
    async (_name, dir) => {
      const layout = await readNextBuild(dir);
      const stats = JSON.parse(
        readFileSync(join(dir, "diagnostics", "route-bundle-stats.json"), "utf8"),
      ) as Stat[];
      expect(layout.routes.map((r) => r.route).sort()).toEqual(stats.map((s) => s.route).sort());
      for (const route of layout.routes) {
        expect(route.nextFirstLoadJs, route.route).toBeDefined();
        expect([...route.firstLoadJs].sort(), route.route).toEqual([...(route.nextFirstLoadJs ?? [])].sort());
        const bytes = route.firstLoadJs.reduce(
          (sum, file) => sum + readFileSync(join(layout.distDir, file)).byteLength,
          0,
        );
        expect(bytes, route.route).toBe(
          stats.find((s) => s.route === route.route)?.firstLoadUncompressedJsBytes,
        );
      }
    },
  );

  it("webpack App Router: first load is the root main files plus the route's client and segment chunks", async () => {
    const layout = await readNextBuild(fixtureBuild("app-router", "webpack"));
    const manifest = JSON.parse(readFileSync(join(layout.distDir, "build-manifest.json"), "utf8")) as {
      rootMainFiles: string[];
    };
    const byRoute = new Map(layout.routes.map((r) => [r.route, r]));
    expect([...byRoute.keys()].sort()).toEqual(["/", "/_not-found", "/blog/[slug]", "/chart", "/dashboard"]);
    for (const route of layout.routes) {
      for (const file of manifest.rootMainFiles) expect(route.firstLoadJs).toContain(file);
      expect(
        route.routeJs.some((f) => /^static\/chunks\/app\/layout-/.test(f)),
        route.route,
      ).toBe(true);
    }
    const chart = byRoute.get("/chart");
    const home = byRoute.get("/");
    expect(chart?.firstLoadJs.some((f) => /^static\/chunks\/app\/chart\/page-/.test(f))).toBe(true);
    expect(home?.firstLoadJs.some((f) => f.includes("/chart/"))).toBe(false);
    // The chart page imports a CSS module; the home page only the layout's global CSS.
    expect(chart?.css.length).toBe(2);
    expect(home?.css.length).toBe(1);
  });

  it("webpack Pages Router: first load is the page's chunks plus _app's, CSS from both", async () => {
    const layout = await readNextBuild(fixtureBuild("pages-router", "webpack"));
    const manifest = JSON.parse(readFileSync(join(layout.distDir, "build-manifest.json"), "utf8")) as {
      pages: Record<string, string[]>;
    };
    const appJs = (manifest.pages["/_app"] ?? []).filter((f) => f.endsWith(".js"));
    const about = layout.routes.find((r) => r.route === "/about");
    expect(about?.firstLoadJs.sort()).toEqual(
      [...new Set([...(manifest.pages["/about"] ?? []).filter((f) => f.endsWith(".js")), ...appJs])].sort(),
    );
    expect(about?.routeJs).toEqual([expect.stringMatching(/^static\/chunks\/pages\/about-/)]);
    expect(about?.css).toHaveLength(2);
    expect(layout.sharedJs.pages?.sort()).toEqual(appJs.sort());
    // API routes and the 404 page load only what _app loads, as Next counts them.
    expect(layout.routes.find((r) => r.route === "/api/hello")?.routeJs).toEqual([]);
  });

  it("refuses a folder without a build, naming the folder", async () => {
    const error = await resolveDistDir("/tmp/definitely-not-a-next-app").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DaiError);
    expect((error as DaiError).status).toBe(404);
    expect((error as DaiError).message).toContain("/tmp/definitely-not-a-next-app");
  });
});

describe("segmentCssKeys", () => {
  it("keeps the page and the layouts above it, not sibling pages", () => {
    const keys = [
      "/x/app/layout",
      "/x/app/page",
      "/x/app/shop/layout",
      "/x/app/shop/cart/page",
      "/x/app/blog/layout",
      "/x/",
    ];
    expect(segmentCssKeys(keys, "/shop/cart/page").sort()).toEqual([
      "/x/app/layout",
      "/x/app/shop/cart/page",
      "/x/app/shop/layout",
    ]);
  });
});
