import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type CommandContext, silentProgress } from "@dai/core";
import { describe, expect, it } from "vitest";
import { fixtureBuild, PACKAGE_DIR, SHARED_CACHE_FILE } from "./__tests__/fixtures.js";
import { tempDir } from "./__tests__/tmp.js";
import {
  bundleAnalyzeCommand,
  bundleCompareCommand,
  bundleReportCommand,
  parseThresholds,
  perfLighthouseCommand,
} from "./commands.js";
import type { BundleReport } from "./types.js";

function context(options: CommandContext["options"], env: Record<string, string> = {}): CommandContext {
  return { args: [], options, json: true, progress: silentProgress, cwd: PACKAGE_DIR, env };
}

describe("dai bundle analyze | compare | report", () => {
  it("analyses two apps, keeps the history, compares each app and renders markdown", async () => {
    const dataDir = await tempDir();
    const app = `${fixtureBuild("app-router", "turbopack")},${fixtureBuild("pages-router", "webpack")}`;
    const analyze = (sha: string) =>
      bundleAnalyzeCommand.run(
        context(
          { app, name: "shop,blog", dataDir, cacheFile: SHARED_CACHE_FILE },
          { GITHUB_SHA: sha, GITHUB_REF_NAME: "main" },
        ),
      );
    const first = await analyze("aaa111");
    const reports = first.data as BundleReport[];
    expect(reports.map((r) => r.app)).toEqual(["shop", "blog"]);
    expect(first.text).toContain("/chart");
    await analyze("bbb222");
    const history = JSON.parse(readFileSync(join(dataDir, "build-metrics.json"), "utf8"));
    expect(history.builds.map((b: { app: string; commit: string }) => `${b.app}:${b.commit}`)).toEqual([
      "shop:aaa111",
      "blog:aaa111",
      "shop:bbb222",
      "blog:bbb222",
    ]);

    const compared = await bundleCompareCommand.run(
      context({ dataDir, saveBaseline: "main", failOnRegression: true }),
    );
    const data = compared.data as {
      comparisons: { app: string; total: { bytes: number } }[];
      regressions: number;
    };
    expect(data.comparisons.map((c) => [c.app, c.total.bytes])).toEqual([
      ["blog", 0],
      ["shop", 0],
    ]);
    expect(data.regressions).toBe(0);
    expect(compared.exitCode).toBe(0);
    expect(
      JSON.parse(readFileSync(join(dataDir, "bundle-comparison.json"), "utf8")).comparisons,
    ).toHaveLength(2);
    expect(JSON.parse(readFileSync(join(dataDir, "build-metrics.json"), "utf8")).baselines.main).toEqual({
      shop: history.builds[2].id,
      blog: history.builds[3].id,
    });

    const report = await bundleReportCommand.run(
      context({ dataDir, baseline: "main", out: join(dataDir, "report.md") }),
    );
    expect(report.text).toContain("## Bundle report: shop (turbopack)");
    expect(report.text).toContain("`/about` (pages)");
    expect(report.text).toContain("No regressions.");
    expect(readFileSync(join(dataDir, "report.md"), "utf8")).toBe(report.text);
  });

  it("compare without any history says to analyse first", async () => {
    const dataDir = await tempDir();
    await expect(bundleCompareCommand.run(context({ dataDir }))).rejects.toThrow(/dai bundle analyze/);
  });

  it("rejects a bad metric and a bad budget by option name", async () => {
    const dataDir = await tempDir();
    await bundleAnalyzeCommand.run(
      context({ app: fixtureBuild("pages-router", "turbopack"), dataDir, cacheFile: SHARED_CACHE_FILE }),
    );
    await expect(bundleCompareCommand.run(context({ dataDir, metric: "zstd" }))).rejects.toThrow(/--metric/);
    await expect(bundleCompareCommand.run(context({ dataDir, budget: "-5" }))).rejects.toThrow(/--budget/);
  });
});

describe("dai perf lighthouse options", () => {
  it("parses category=score thresholds and rejects scores outside 0–1", () => {
    expect(parseThresholds("performance=0.9, seo=1")).toEqual({ performance: 0.9, seo: 1 });
    expect(() => parseThresholds("performance=90")).toThrow(/performance=90/);
  });

  it("requires a URL", async () => {
    await expect(perfLighthouseCommand.run(context({}))).rejects.toThrow(/--url/);
  });
});
