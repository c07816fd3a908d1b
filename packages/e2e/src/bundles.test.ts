import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { DEMO_ACCOUNTS } from "@dai/auth";
import { fixtureBuild } from "@dai/bundle-profiler/testing";
import { describe, expect, it } from "vitest";
import { openPage, signInAs, useStack } from "./stack.js";

const artifacts = join(import.meta.dirname, "..", "artifacts");
const analyst = DEMO_ACCOUNTS.find((a) => a.email.startsWith("analyst@")) as (typeof DEMO_ACCOUNTS)[number];

const ROUTES = ["/", "/dealers", "/pulse/meta"];

/** A build of `web` whose `/dealers` route has `dealersBytes` of first-load JS. */
const build = (day: number, dealersBytes: number) =>
  fixtureBuild({ day, routes: { "/": 100_000, "/dealers": dealersBytes, "/pulse/meta": 120_000 } });

describe("bundles page in Chromium", () => {
  const e2e = useStack({ env: { GITHUB_REPOSITORY: "acme/dealership" } });

  it("says plainly that no build has been analysed yet, and how to analyse one", async () => {
    const page = await e2e.browser.newPage();
    await signInAs(page, e2e.stack.webUrl, analyst.email, analyst.password);
    await openPage(page, `${e2e.stack.webUrl}/pulse/meta/bundles`);
    const empty = page.locator("[data-testid=bundles-empty]").first();
    await empty.waitFor();
    expect(await empty.textContent()).toContain("dai bundle analyze");
    await page.close();
  });

  it("charts each route's size over builds, shows the comparison, linked regressions and Lighthouse scores", async () => {
    const builds = [build(1, 200_000), build(2, 200_000), build(3, 260_000)];
    await writeFile(
      join(e2e.stack.dataDir, "build-metrics.json"),
      JSON.stringify({
        version: 1,
        builds,
        baselines: {},
        lighthouse: [1, 2, 3].map((day) => ({
          time: `2026-06-0${day}T06:10:00.000Z`,
          commit: `c0ffee${day}`,
          url: "http://127.0.0.1:3000/sign-in",
          runs: 3,
          scores: { performance: 0.9 + day / 100, accessibility: 0.97 },
          metrics: {},
          passed: true,
        })),
      }),
    );
    const delta = (before: number, after: number) => ({
      before,
      after,
      bytes: after - before,
      percent: ((after - before) / before) * 100,
    });
    await writeFile(
      join(e2e.stack.dataDir, "bundle-comparison.json"),
      JSON.stringify({
        comparedAt: "2026-06-03T06:05:00.000Z",
        comparisons: [
          {
            app: "web",
            metric: "brotli",
            thresholdPercent: 5,
            minAbsoluteBytes: 512,
            current: { id: builds[2]?.id, commit: "c0ffee3", time: builds[2]?.time },
            baseline: { id: builds[1]?.id, commit: "c0ffee2", time: builds[1]?.time },
            total: delta(105_000, 120_000),
            byType: {},
            routes: [
              {
                route: "/",
                status: "unchanged",
                firstLoadJs: delta(25_000, 25_000),
                css: delta(0, 0),
                flagged: false,
              },
              {
                route: "/dealers",
                status: "changed",
                firstLoadJs: delta(50_000, 65_000),
                css: delta(0, 0),
                flagged: true,
              },
            ],
            regressions: [{ key: "bundle:web:/dealers" }],
          },
        ],
      }),
    );
    await writeFile(
      join(e2e.stack.dataDir, "perf-notices.json"),
      JSON.stringify({
        scopes: ["bundle:"],
        regressions: [{ key: "bundle:web:/dealers", title: "Bundle regression: web /dealers", body: "…" }],
        summary: {
          title: "Hyper Performance Check",
          status: "regression",
          apps: [],
          regressions: [
            { key: "bundle:web:/dealers", message: "web /dealers first-load JS +30.0% (past 5%)" },
          ],
        },
      }),
    );
    const page = await e2e.browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await signInAs(page, e2e.stack.webUrl, analyst.email, analyst.password);
    await openPage(page, `${e2e.stack.webUrl}/pulse/meta/bundles`);
    const history = page.locator("[data-testid=history-web]").first();
    await history.waitFor();
    for (const route of ROUTES) {
      const chart = history.locator(`tr[data-route="${route}"] svg[role=img]`);
      expect(await chart.count(), route).toBe(1);
      expect(await chart.getAttribute("aria-label")).toContain(`web ${route}: first-load JS`);
    }
    const comparison = page.locator("[data-testid=comparison-web]").first();
    expect(await comparison.locator("tbody tr").count()).toBe(1);
    expect(await comparison.locator("tbody tr").textContent()).toContain("+30.0%");
    const link = page.locator("[data-testid=regressions] a").first();
    expect(await link.textContent()).toBe("GitHub issue");
    expect(await link.getAttribute("href")).toMatch(/^https:\/\/github\.com\/acme\/dealership\/issues\?q=/);
    const lighthouse = page.locator("[data-testid=lighthouse]").first();
    expect(await lighthouse.locator("tbody tr").count()).toBe(2);
    expect(await lighthouse.textContent()).toContain("93");
    await page.screenshot({ path: join(artifacts, "bundles.png"), fullPage: true });
    await page.close();
  });
});
