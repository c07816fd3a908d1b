import { join } from "node:path";
import { loadManifest, type Manifest } from "@dai/manifest-schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ago, loadEvents, tempDir } from "../__tests__/fixtures.js";
import { openDuckDbWarehouse } from "../warehouse/duckdb.js";
import type { Warehouse } from "../warehouse/types.js";
import { evaluateSuccessMetrics, type MetricEvaluation } from "./evaluate.js";

const NOW = new Date("2026-11-25T12:00:00.000Z");
let dir: Awaited<ReturnType<typeof tempDir>>;
let warehouse: Warehouse;
let manifest: Manifest;
let seq = 0;
const base = (kind: string, minutesAgo: number) => ({
  id: `e${++seq}`,
  kind,
  time: ago(NOW, minutesAgo),
  schemaVersion: 1,
});

beforeAll(async () => {
  dir = await tempDir();
  manifest = await loadManifest();
  warehouse = await openDuckDbWarehouse({ path: join(dir.path, "w.duckdb") });
  await warehouse.init();
  const events: Record<string, unknown>[] = [];
  // API latency: 100 requests 10..1000 ms spread over the last 20 hours → p95 = 950 ms (missed).
  for (let i = 1; i <= 100; i++)
    events.push({ ...base("api.request", i * 12), route: "/x", status: 200, durationMs: i * 10 });
  // Copilot: 9 up, 1 down in the last 30 min → 0.9 (> 0.8 met); ratio bad 10% of a 20% budget → burn 0.5.
  for (let i = 0; i < 10; i++)
    events.push({
      ...base("copilot.feedback", 30),
      tone: "warm",
      mood: "calm",
      feedback: i === 0 ? "down" : "up",
    });
  // Health checks: all ok 23 h ago, then recent failures: uptime misses 99.99%.
  for (let i = 0; i < 99; i++) events.push({ ...base("health.check", 23 * 60), check: "api", ok: true });
  events.push({ ...base("health.check", 10), check: "api", ok: false });
  // Forecast deviation |−3|, |4| → MAPE 3.5% (met), burn 0.7.
  events.push({ ...base("forecast.deviation", 60 * 3), dealerId: "d1", metric: "leads", deviationPct: -3 });
  events.push({ ...base("forecast.deviation", 60 * 3), dealerId: "d2", metric: "leads", deviationPct: 4 });
  // Soundscape: u1 in, u2 in then out, u3 out, u4 out → 2 of 4 users switched it on = 50%.
  for (const [user, opt] of [
    ["u1", "in"],
    ["u2", "in"],
    ["u2", "out"],
    ["u3", "out"],
    ["u4", "out"],
  ])
    events.push({ ...base("soundscape.opt", 100), userId: user, opt });
  // Recommendation accuracy from two vector-job runs: 0.80 and 0.84 → 82% (missed > 90%).
  events.push({ ...base("model.quality", 120), metric: "recommendation-accuracy", value: 0.8 });
  events.push({ ...base("model.quality", 60), metric: "recommendation-accuracy", value: 0.84 });
  // An old event outside the 24 h window must not count.
  events.push({ ...base("sse.delivery", 25 * 60), latencyMs: 5 });
  await loadEvents(warehouse, dir.path, events);
});

afterAll(async () => {
  await warehouse.close();
  await dir.remove();
});

const evaluate = async (id: string): Promise<MetricEvaluation> => {
  const evaluation = await evaluateSuccessMetrics({ warehouse, manifest, now: NOW, metrics: [id] });
  return evaluation.metrics[0] as MetricEvaluation;
};

describe("evaluateSuccessMetrics on DuckDB", () => {
  it("computes API p95 latency with the manifest target and flags it missed", async () => {
    const metric = await evaluate("edge-p95-latency");
    // Nearest-rank p95 of 10, 20, …, 1000: the 95th value.
    expect(metric.value).toBe(950);
    expect(metric.targetLabel).toBe("< 120 ms");
    expect(metric.status).toBe("missed");
    expect(metric.events).toBe(100);
  });

  it("burn rate for a quantile is the share of slow requests over the 5% budget", async () => {
    const metric = await evaluate("edge-p95-latency");
    // The fast window (last hour) holds requests 1..5 (12–60 min ago, inclusive): 10–50 ms, none over 120 ms.
    expect(metric.burn.fast).toMatchObject({ events: 5, badRatio: 0, burnRate: 0 });
    // The slow window (6 h) holds requests 1..30: 19 of 30 at ≥ 120 ms.
    expect(metric.burn.slow.events).toBe(30);
    expect(metric.burn.slow.burnRate).toBeCloseTo(19 / 30 / 0.05, 6);
  });

  it("computes Copilot positive sentiment as a ratio with its burn rate", async () => {
    const metric = await evaluate("copilot-positive-sentiment");
    expect(metric.value).toBeCloseTo(0.9, 9);
    expect(metric.status).toBe("met");
    expect(metric.burn.fast.burnRate).toBeCloseTo(0.1 / 0.2, 9);
  });

  it("counts uptime from health checks in percent and misses 99.99% with one failure in 100", async () => {
    const metric = await evaluate("uptime");
    expect(metric.value).toBeCloseTo(99, 9);
    expect(metric.status).toBe("missed");
    expect(metric.burn.fast.burnRate).toBeCloseTo(1 / 0.0001, 3);
  });

  it("reports forecast deviation as MAPE and the same events serve the ±5% accuracy metric", async () => {
    expect((await evaluate("forecast-deviation")).value).toBeCloseTo(3.5, 9);
    const accuracy = await evaluate("forecast-accuracy");
    expect(accuracy.status).toBe("met");
    expect(accuracy.burn.slow.burnRate).toBeCloseTo(0.7, 9);
  });

  it("counts soundscape opt-in by distinct user", async () => {
    const metric = await evaluate("soundscape-opt-in-rate");
    expect(metric.value).toBeCloseTo(50, 9);
    expect(metric.status).toBe("met");
  });

  it("says no data — never a value — for metrics without events in the window", async () => {
    for (const id of ["unified-update-latency", "average-fps-drop", "ci-pass-rate"]) {
      const metric = await evaluate(id);
      expect(metric).toMatchObject({ status: "no-data", value: null, events: 0 });
      expect(metric.burn.fast.burnRate).toBeNull();
    }
  });

  it("measures recommendation accuracy from model.quality events, as a percent that must stay above 90", async () => {
    const evaluation = await evaluateSuccessMetrics({
      warehouse,
      manifest,
      now: NOW,
      metrics: ["recommendation-accuracy"],
    });
    const accuracy = evaluation.metrics[0];
    expect(accuracy?.value).toBeCloseTo(82, 6);
    expect(accuracy?.status).toBe("missed");
    // The fast window holds the latest run only (84%: shortfall 16 of 10), the slow one both (18 of 10).
    expect(accuracy?.burn.fast.burnRate).toBeCloseTo(1.6, 6);
    expect(accuracy?.burn.slow.burnRate).toBeCloseTo(1.8, 6);
  });

  it("marks a metric that meets its target but burns budget fast in both windows as at risk", async () => {
    const evaluation = await evaluateSuccessMetrics({
      warehouse,
      manifest,
      now: NOW,
      metrics: ["copilot-positive-sentiment"],
      burnRateThreshold: 0.4,
    });
    expect(evaluation.metrics[0]?.status).toBe("at-risk");
  });

  it("lists the manifest metrics telemetry does not measure and refuses unknown ids", async () => {
    const evaluation = await evaluateSuccessMetrics({ warehouse, manifest, now: NOW });
    expect(evaluation.metrics).toHaveLength(12);
    expect(evaluation.unmeasured.map((m) => m.id)).toContain("user-engagement");
    await expect(evaluateSuccessMetrics({ warehouse, manifest, metrics: ["nope"] })).rejects.toThrow(
      /known:/,
    );
  });

  it("refuses a malformed window naming the option", async () => {
    await expect(evaluateSuccessMetrics({ warehouse, manifest, window: "soon" })).rejects.toThrow(
      /window: expected/,
    );
  });
});
