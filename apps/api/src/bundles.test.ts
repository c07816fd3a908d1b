import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  appendLighthouse,
  bundleNotices,
  COMPARISON_FILE,
  compareApps,
  NOTICES_FILE,
  readHistory,
  type Sizes,
  writeHistory,
} from "@dai/bundle-profiler";
import { fixtureBuild } from "@dai/bundle-profiler/testing";
import { writeJsonAtomic } from "@dai/core";
import { describe, expect, it } from "vitest";
import { account, harness } from "./__tests__/harness.js";

/** A build of `web` whose `/dealers` route has `dealersKb` KB of first-load JS. */
const build = (day: number, dealersKb: number) =>
  fixtureBuild({ day, routes: { "/": 100_000, "/dealers": dealersKb * 1000, "/pulse/meta": 120_000 } });

/** Three builds, the last growing /dealers by 25%, compared as `dai bundle compare` does. */
async function writeBuildData(dataDir: string) {
  await writeHistory(dataDir, {
    version: 1,
    builds: [build(1, 200), build(2, 200), build(3, 250)],
    baselines: {},
    lighthouse: [],
  });
  await appendLighthouse(dataDir, [
    {
      time: "2026-06-03T06:10:00.000Z",
      commit: "c0ffee3",
      url: "http://127.0.0.1:3000/sign-in",
      runs: 3,
      scores: { performance: 0.93, accessibility: 0.98 },
      metrics: { "largest-contentful-paint": 1800 },
      passed: true,
    },
  ]);
  const comparisons = compareApps(await readHistory(dataDir), { thresholdPercent: 5 });
  await writeJsonAtomic(join(dataDir, COMPARISON_FILE), {
    comparedAt: "2026-06-03T06:05:00.000Z",
    comparisons,
  });
  await writeJsonAtomic(join(dataDir, NOTICES_FILE), bundleNotices(comparisons, { commit: "c0ffee3" }));
}

describe("bundles routes", () => {
  it("serves size history per route, the latest comparison, open regressions with issue links and Lighthouse runs", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "dai-bundles-"));
    await writeBuildData(dataDir);
    const h = await harness({}, { bundles: { dataDir, githubRepository: "acme/dealership" } });
    const analyst = await h.signIn(account("analyst").email, account("analyst").password);
    const response = await h.app.request("/api/bundles", { headers: { cookie: analyst.cookie } });
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      ready: boolean;
      threshold: number;
      history: { apps: string[]; builds: Record<string, { routes: Record<string, Sizes> }[]> };
      comparison: { comparisons: { app: string; regressions: unknown[] }[] };
      regressions: { key: string; message: string; issueUrl: string | null }[];
      lighthouse: { scores: Record<string, number> }[];
    };
    expect(body.ready).toBe(true);
    expect(body.threshold).toBe(5);
    expect(body.history.apps).toEqual(["web"]);
    expect(body.history.builds.web?.map((b) => b.routes["/dealers"]?.raw)).toEqual([
      200_000, 200_000, 250_000,
    ]);
    expect(body.comparison.comparisons[0]?.app).toBe("web");
    const dealers = body.regressions.find((r) => r.key.includes("/dealers"));
    expect(dealers?.message).toMatch(/25(\.0)?%/);
    expect(dealers?.issueUrl).toMatch(/^https:\/\/github\.com\/acme\/dealership\/issues\?q=/);
    expect(body.regressions.some((r) => r.key.includes(":/:") || r.key.endsWith(":/"))).toBe(false);
    expect(body.lighthouse[0]?.scores.accessibility).toBe(0.98);
  });

  it("filters the history by app, 404s an unknown app and 400s a bad limit", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "dai-bundles-"));
    await writeBuildData(dataDir);
    const h = await harness({}, { bundles: { dataDir } });
    const admin = await h.signIn(account("admin").email, account("admin").password);
    const get = (path: string) => h.app.request(path, { headers: { cookie: admin.cookie } });
    const history = (await (await get("/api/bundles/history?app=web&limit=2")).json()) as {
      builds: Record<string, unknown[]>;
    };
    expect(history.builds.web).toHaveLength(2);
    expect((await get("/api/bundles/history?app=shop")).status).toBe(404);
    const bad = await get("/api/bundles/history?limit=0");
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("limit");
    const lighthouse = (await (await get("/api/bundles/lighthouse")).json()) as {
      runs: unknown[];
      thresholds: object;
    };
    expect(lighthouse.runs).toHaveLength(1);
    expect(lighthouse.thresholds).toMatchObject({ accessibility: 0.95 });
  });

  it("says no build has been analysed yet, and how to analyse one, when the history is empty", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "dai-bundles-"));
    const h = await harness({}, { bundles: { dataDir } });
    const analyst = await h.signIn(account("analyst").email, account("analyst").password);
    const body = (await (
      await h.app.request("/api/bundles", { headers: { cookie: analyst.cookie } })
    ).json()) as {
      ready: boolean;
      message: string;
      regressions: unknown[];
      comparison: unknown;
    };
    expect(body).toMatchObject({ ready: false, regressions: [], comparison: null });
    expect(body.message).toContain("dai bundle analyze");
  });

  it("refuses dealer users and reports a corrupt history as a 422 naming the file", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "dai-bundles-"));
    await writeJsonAtomic(join(dataDir, "build-metrics.json"), { builds: "nope" });
    const h = await harness({}, { bundles: { dataDir } });
    const dealer = await h.signIn(account("dealer").email, account("dealer").password);
    expect((await h.app.request("/api/bundles", { headers: { cookie: dealer.cookie } })).status).toBe(403);
    const admin = await h.signIn(account("admin").email, account("admin").password);
    const response = await h.app.request("/api/bundles", { headers: { cookie: admin.cookie } });
    expect(response.status).toBe(422);
    expect(await response.text()).toContain("build-metrics.json");
  });
});
