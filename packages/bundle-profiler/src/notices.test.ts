import { describe, expect, it } from "vitest";
import { entry } from "./__tests__/entries.js";
import { compareBuilds } from "./compare.js";
import type { LighthouseResult } from "./lighthouse.js";
import { bundleNotices, withLighthouse } from "./notices.js";

const comparison = compareBuilds(
  entry("web", "t2", { "/": 120_000, "/b": 50_000 }),
  entry("web", "t1", { "/": 100_000, "/b": 50_000 }),
  {
    thresholdPercent: 5,
  },
);

const lighthouse = (passed: boolean): LighthouseResult => ({
  time: "t",
  commit: "c0ffee",
  url: "http://127.0.0.1:3000/",
  runs: 3,
  scores: { performance: passed ? 0.95 : 0.6 },
  metrics: {},
  passed,
  failures: passed ? [] : [{ category: "performance", score: 0.6, threshold: 0.9 }],
});

describe("bundleNotices", () => {
  it("makes one keyed notice per regression with the comparison as its body", () => {
    const notices = bundleNotices([comparison], { commit: "abc123", runUrl: "https://ci/run/1" });
    expect(notices.scopes).toEqual(["bundle:"]);
    expect(notices.regressions.map((r) => r.key)).toEqual(["bundle:web:total", "bundle:web:/"]);
    expect(notices.regressions[1]?.title).toBe("Bundle regression: web /");
    expect(notices.regressions[1]?.body).toContain("abc123");
    expect(notices.summary).toMatchObject({
      status: "regression",
      commit: "abc123",
      runUrl: "https://ci/run/1",
    });
    expect(notices.summary.apps).toEqual([
      { app: "web", totalBytes: 170_000, deltaBytes: 20_000, deltaPercent: 20_000 / 1500, regressions: 2 },
    ]);
  });
});

describe("withLighthouse", () => {
  it("adds the scores and turns a URL under its threshold into a lighthouse: regression", () => {
    const notices = withLighthouse(bundleNotices([comparison]), [lighthouse(false)]);
    expect(notices.scopes).toEqual(["bundle:", "lighthouse:"]);
    expect(notices.regressions.map((r) => r.key)).toContain("lighthouse:http://127.0.0.1:3000/");
    expect(notices.summary.lighthouse).toEqual([
      { url: "http://127.0.0.1:3000/", scores: { performance: 0.6 }, passed: false },
    ]);
  });

  it("replaces an earlier Lighthouse failure when the URL passes again", () => {
    const failed = withLighthouse(undefined, [lighthouse(false)]);
    const passed = withLighthouse(failed, [lighthouse(true)]);
    expect(passed.regressions).toEqual([]);
    expect(passed.summary.status).toBe("ok");
    expect(passed.scopes).toEqual(["lighthouse:"]);
  });
});
