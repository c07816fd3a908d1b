import { describe, expect, it } from "vitest";
import { committedManifest, legacyManifest } from "./__tests__/fixtures.js";
import { diffJson, formatDiff } from "./diff.js";
import { parseManifest } from "./load.js";
import { compareVersions, parseMetricSentence, upgradeManifest } from "./migrations.js";

describe("parseMetricSentence", () => {
  it.each([
    ["p95 latency <120ms", { name: "p95 latency", comparator: "lt", target: 120, unit: "ms" }],
    ["Data freshness <10min", { name: "Data freshness", comparator: "lt", target: 10, unit: "minutes" }],
    [
      "Recommendation accuracy >90%",
      { name: "Recommendation accuracy", comparator: "gt", target: 90, unit: "percent" },
    ],
    ["±5%", { name: "", comparator: "within", target: 5, unit: "percent" }],
    [">0.8", { name: "", comparator: "gt", target: 0.8, unit: "ratio" }],
    ["99.99%", { name: "", comparator: "gte", target: 99.99, unit: "percent" }],
    [
      "Bundle regressions auto-corrected <24h",
      { name: "Bundle regressions auto-corrected", comparator: "lt", target: 24, unit: "hours" },
    ],
  ])("reads %j", (sentence, expected) => {
    expect(parseMetricSentence(sentence, "x")).toEqual(expected);
  });

  it("names the field when a sentence has no number", () => {
    expect(() => parseMetricSentence("fast enough", "systems.eventBus.successMetric")).toThrow(
      'systems.eventBus.successMetric: cannot read a target from "fast enough"',
    );
  });
});

describe("upgradeManifest", () => {
  it("migrates the 0.9 manifest to a valid 1.0 manifest with the same targets", () => {
    const result = upgradeManifest(legacyManifest());
    expect(result.applied.map((s) => `${s.from}→${s.to}`)).toEqual(["0.9.0→1.0.0"]);
    const upgraded = parseManifest(result.document, "upgraded");
    const current = parseManifest(committedManifest(), "current");
    expect(upgraded.systems.autoProfiling.threshold).toBe(5);
    expect(upgraded.systems.adaptiveMotion.durationRangeMs).toEqual({ min: 600, max: 1200 });
    const strip = (m: typeof current) => m.successMetrics.map(({ description: _d, ...rest }) => rest);
    expect(strip(upgraded)).toEqual(strip(current));
    for (const key of Object.keys(current.systems) as (keyof typeof current.systems)[]) {
      const { description: _d, ...expected } = current.systems[key].successMetric;
      expect(upgraded.systems[key].successMetric).toEqual(expected);
    }
  });

  it("leaves a current manifest untouched", () => {
    const doc = committedManifest();
    const result = upgradeManifest(doc);
    expect(result.applied).toEqual([]);
    expect(diffJson(doc, result.document)).toEqual([]);
  });

  it("refuses a manifest newer than it understands", () => {
    const doc = committedManifest();
    doc.version = "2.0.0";
    expect(() => upgradeManifest(doc)).toThrow("version: manifest is 2.0.0, newer than 1.0.0");
  });

  it("shows the threshold change in the diff", () => {
    const before = legacyManifest();
    const { document } = upgradeManifest(before);
    const text = formatDiff(diffJson(before, document));
    expect(text).toContain('- systems.autoProfiling.threshold: "5%"\n+ systems.autoProfiling.threshold: 5');
    expect(text).toContain('- version: "0.9.0"\n+ version: "1.0.0"');
  });
});

describe("compareVersions", () => {
  it("orders numerically, pre-releases first", () => {
    expect(compareVersions("0.10.0", "0.9.0")).toBe(1);
    expect(compareVersions("1.0.0-beta.1", "1.0.0")).toBe(-1);
    expect(compareVersions("1.0.0", "1.0.0")).toBe(0);
  });
});
