import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { committedManifest, projectRoot } from "./__tests__/fixtures.js";
import {
  autoProfilingThreshold,
  formatTarget,
  listSchedules,
  listSuccessMetrics,
  meetsTarget,
  motionRangeMs,
  successMetric,
  toneFloor,
  unitSuffix,
} from "./accessors.js";
import { JSON_SCHEMA_FILE_NAME, manifestJsonSchemaText } from "./json-schema.js";
import { parseManifest } from "./load.js";

const manifest = parseManifest(committedManifest());

describe("accessors", () => {
  it("lists the eight system metrics and the seven platform metrics with readable targets", () => {
    const metrics = listSuccessMetrics(manifest);
    expect(metrics).toHaveLength(15);
    expect(metrics.filter((m) => m.scope === "system")).toHaveLength(8);
    expect(metrics.find((m) => m.id === "edge-p95-latency")?.targetLabel).toBe("< 120 ms");
    expect(metrics.find((m) => m.id === "forecast-accuracy")?.targetLabel).toBe("±5%");
    expect(metrics.find((m) => m.id === "copilot-positive-sentiment")?.targetLabel).toBe("> 0.8");
  });

  it("reads the values other packages must not hard-code", () => {
    expect(autoProfilingThreshold(manifest)).toBe(5);
    expect(toneFloor(manifest)).toBe(0.1);
    expect(motionRangeMs(manifest)).toEqual({ min: 600, max: 1200 });
    expect(listSchedules(manifest).map((s) => `${s.id} ${s.schedule.cron}`)).toContain(
      "daily-perf-check 0 6 * * *",
    );
  });

  it("names the known ids for an unknown metric", () => {
    expect(() => successMetric(manifest, "nope")).toThrow(
      /unknown success metric "nope"; known: edge-p95-latency/,
    );
  });

  it("compares values with each comparator", () => {
    expect(meetsTarget({ comparator: "lt", target: 120 }, 119.9)).toBe(true);
    expect(meetsTarget({ comparator: "lt", target: 120 }, 120)).toBe(false);
    expect(meetsTarget({ comparator: "within", target: 5 }, -4.9)).toBe(true);
    expect(meetsTarget({ comparator: "within", target: 5 }, 5.1)).toBe(false);
    expect(meetsTarget({ comparator: "gte", target: 99.99 }, 99.99)).toBe(true);
    expect(formatTarget({ comparator: "gte", target: 99.99, unit: "percent" })).toBe("≥ 99.99%");
  });

  it("writes each unit after its number the one way every report and page uses, nothing for unknown ones", () => {
    expect(["ms", "percent", "minutes", "count", "fps"].map(unitSuffix)).toEqual([
      " ms",
      "%",
      " min",
      "",
      " fps",
    ]);
    expect(unitSuffix("furlongs")).toBe("");
  });
});

describe("JSON Schema", () => {
  it("matches the committed file (regenerate with `pnpm --filter @dai/manifest-schema generate:json-schema`)", () => {
    const committed = readFileSync(join(projectRoot, "manifest", JSON_SCHEMA_FILE_NAME), "utf8");
    expect(committed).toBe(manifestJsonSchemaText());
  });

  it("is referenced by the manifest's $schema", () => {
    expect(committedManifest().$schema).toBe(`./${JSON_SCHEMA_FILE_NAME}`);
  });
});
