import { loadManifest, type Manifest } from "@dai/manifest-schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadEvents, tempDir } from "../__tests__/fixtures.js";
import { createTelemetryReadApi } from "../http/read-api.js";
import { openDuckDbWarehouse } from "../warehouse/duckdb.js";
import type { Warehouse } from "../warehouse/types.js";
import { metricHistory } from "./history.js";
import { telemetryOverview } from "./overview.js";

const NOW = new Date("2026-11-25T12:00:00.000Z");
let dir: Awaited<ReturnType<typeof tempDir>>;
let warehouse: Warehouse;
let manifest: Manifest;

beforeAll(async () => {
  dir = await tempDir();
  manifest = await loadManifest();
  warehouse = await openDuckDbWarehouse({ path: ":memory:" });
  await warehouse.init();
  const request = (id: string, time: string, status: number, durationMs: number) => ({
    id,
    kind: "api.request",
    time,
    receivedAt: time,
    schemaVersion: 1,
    route: "/r",
    status,
    durationMs,
  });
  await loadEvents(warehouse, dir.path, [
    request("a", "2026-11-23T10:00:00.000Z", 200, 100),
    request("b", "2026-11-23T11:00:00.000Z", 200, 300),
    request("c", "2026-11-25T09:15:00.000Z", 500, 50),
    request("d", "2026-11-25T09:45:00.000Z", 200, 70),
    {
      id: "h",
      kind: "health.check",
      time: "2026-11-25T10:05:00.000Z",
      schemaVersion: 1,
      check: "api",
      ok: true,
    },
  ]);
});
afterAll(async () => {
  await warehouse.close();
  await dir.remove();
});

describe("metricHistory", () => {
  it("gives one point per day with data and leaves days without events out", async () => {
    const [latency] = await metricHistory({
      warehouse,
      manifest,
      days: 7,
      metrics: ["edge-p95-latency"],
      now: NOW,
    });
    expect(latency?.points).toEqual([
      { day: "2026-11-23", value: 300, events: 2 },
      { day: "2026-11-25", value: 70, events: 2 },
    ]);
    expect(latency?.targetLabel).toBe("< 120 ms");
  });
});

describe("telemetryOverview", () => {
  it("reports the event mix, ingest per bucket and the API error rate over the window", async () => {
    const overview = await telemetryOverview({ warehouse, window: "6h", bucket: "hour", now: NOW });
    expect(overview.byKind).toEqual([
      { kind: "api.request", events: 2 },
      { kind: "health.check", events: 1 },
    ]);
    expect(overview.ingest.map((b) => b.events)).toEqual([2, 1]);
    expect(overview.ingest[0]?.bucket).toBe("2026-11-25T09:00:00.000Z");
    expect(overview.errorRate).toBe(0.5);
    expect(overview.events).toBe(3);
  });
});

describe("read API", () => {
  const api = () => createTelemetryReadApi({ warehouse, manifest, key: "read-key" });
  const get = (path: string, key = "read-key") =>
    api()(
      new Request(`http://127.0.0.1/api/telemetry/${path}`, { headers: { authorization: `Bearer ${key}` } }),
    );

  it("serves history and overview as JSON", async () => {
    const history = (await (await get("history?days=3&metric=uptime")).json()) as { id: string }[];
    expect(history.map((h) => h.id)).toEqual(["uptime"]);
    const overview = await get("overview?window=7d&bucket=day");
    expect(overview.status).toBe(200);
    expect(((await overview.json()) as { events: number }).events).toBe(5);
  });

  it("refuses a wrong key and bad parameters with problem+json naming the field", async () => {
    expect((await get("slo", "nope")).status).toBe(401);
    const bad = await get("history?days=0");
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toBe("application/problem+json");
    expect(((await bad.json()) as { detail: string }).detail).toMatch(/^days: expected an integer/);
    expect((await get("overview?bucket=week")).status).toBe(400);
    expect((await get("nowhere")).status).toBe(404);
  });
});
