import { autoProfilingThreshold, loadManifest } from "@dai/manifest-schema";
import { beforeAll, describe, expect, it } from "vitest";
import { entry } from "./__tests__/entries.js";
import { compareApps, compareBuilds, delta, formatBytes } from "./compare.js";
import { emptyHistory } from "./history.js";

let threshold: number;
beforeAll(async () => {
  threshold = autoProfilingThreshold(await loadManifest());
});

describe("compareBuilds with the manifest's auto-profiling threshold", () => {
  it("flags growth just past the threshold and not growth just under it", () => {
    const base = 100_000;
    const before = entry("web", "t1", { "/": base, "/a": base });
    const after = entry("web", "t2", {
      "/": Math.round(base * (1 + (threshold + 0.5) / 100)),
      "/a": Math.round(base * (1 + (threshold - 0.5) / 100)),
    });
    const result = compareBuilds(after, before, { thresholdPercent: threshold });
    expect(result.routes.find((r) => r.route === "/")?.flagged).toBe(true);
    expect(result.routes.find((r) => r.route === "/a")?.flagged).toBe(false);
    expect(result.regressions.map((r) => r.key)).toEqual(["bundle:web:/"]);
    expect(result.regressions[0]?.reasons).toEqual(["threshold"]);
    expect(result.regressions[0]?.message).toContain(`> ${threshold}%`);
  });

  it("ignores a large percentage on a tiny route when the absolute change is noise", () => {
    const result = compareBuilds(entry("web", "t2", { "/tiny": 300 }), entry("web", "t1", { "/tiny": 100 }), {
      thresholdPercent: threshold,
      minAbsoluteBytes: 512,
    });
    expect(result.routes[0]?.firstLoadJs.percent).toBe(200);
    expect(result.regressions).toEqual([]);
  });

  it("flags routes over their budget even without growth, with app-specific budgets first", () => {
    const same = { "/": 90_000, "/b": 50_000 };
    const result = compareBuilds(entry("web", "t2", same), entry("web", "t1", same), {
      thresholdPercent: threshold,
      budgets: { "*": 60_000, "web:/b": 40_000 },
    });
    expect(result.regressions.map((r) => [r.route, r.reasons, r.budget])).toEqual([
      ["/", ["budget"], 60_000],
      ["/b", ["budget"], 40_000],
    ]);
  });

  it("reports added and removed routes and a first build without a baseline", () => {
    const result = compareBuilds(entry("web", "t2", { "/new": 1000 }), entry("web", "t1", { "/old": 1000 }), {
      thresholdPercent: threshold,
    });
    expect(result.routes.map((r) => [r.route, r.status])).toEqual([
      ["/new", "added"],
      ["/old", "removed"],
    ]);
    const first = compareBuilds(entry("web", "t1", { "/": 1000 }), undefined, {
      thresholdPercent: threshold,
    });
    expect(first.baseline).toBeNull();
    expect(first.total.percent).toBeNull();
    expect(first.regressions).toEqual([]);
  });

  it("rejects a negative threshold by name", () => {
    expect(() => compareBuilds(entry("w", "t", {}), undefined, { thresholdPercent: -1 })).toThrow(
      /thresholdPercent/,
    );
  });
});

describe("compareApps", () => {
  it("compares each app of a monorepo with its own previous build", () => {
    const history = emptyHistory();
    history.builds.push(
      entry("web", "t1", { "/": 100_000 }),
      entry("docs", "t1", { "/": 10_000 }),
      entry("web", "t2", { "/": 100_000 }),
      entry("docs", "t2", { "/": 20_000 }),
    );
    const results = compareApps(history, { thresholdPercent: threshold });
    expect(results.map((c) => [c.app, c.baseline?.id, c.regressions.length])).toEqual([
      ["docs", "docs@t1", 2],
      ["web", "web@t1", 0],
    ]);
  });

  it("uses a named baseline when asked", () => {
    const history = emptyHistory();
    history.builds.push(
      entry("web", "t1", { "/": 100_000 }),
      entry("web", "t2", { "/": 104_000 }),
      entry("web", "t3", { "/": 108_000 }),
    );
    history.baselines.main = { web: "web@t1" };
    const [vsMain] = compareApps(history, { thresholdPercent: threshold, baseline: "main" });
    const [vsPrevious] = compareApps(history, { thresholdPercent: threshold });
    expect(vsMain?.baseline?.id).toBe("web@t1");
    expect(vsMain?.total.bytes).toBe(8000);
    expect(vsPrevious?.baseline?.id).toBe("web@t2");
    expect(() => compareApps(history, { thresholdPercent: threshold, baseline: "nope" })).toThrow(
      /baseline "nope"/,
    );
  });
});

describe("delta and formatBytes", () => {
  it("computes percent from the baseline", () => {
    expect(delta(200, 250)).toEqual({ before: 200, after: 250, bytes: 50, percent: 25 });
    expect(delta(undefined, 10).percent).toBeNull();
    expect([formatBytes(999), formatBytes(1500), formatBytes(-2_500_000)]).toEqual([
      "999 B",
      "1.5 kB",
      "-2.50 MB",
    ]);
  });
});
