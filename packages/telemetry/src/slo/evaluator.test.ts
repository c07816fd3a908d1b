import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { loadManifest } from "@dai/manifest-schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ago, loadEvents, tempDir } from "../__tests__/fixtures.js";
import { openDuckDbWarehouse } from "../warehouse/duckdb.js";
import type { Warehouse } from "../warehouse/types.js";
import type { Evaluation } from "./evaluate.js";
import { startEvaluator } from "./evaluator.js";

const NOW = new Date("2026-11-25T12:00:00.000Z");
let dir: Awaited<ReturnType<typeof tempDir>>;
let warehouse: Warehouse;

beforeAll(async () => {
  dir = await tempDir();
  warehouse = await openDuckDbWarehouse({ path: ":memory:" });
  await warehouse.init();
  const opt = (id: string, user: string, value: "in" | "out") => ({
    id,
    kind: "soundscape.opt",
    time: ago(NOW, 5),
    schemaVersion: 1,
    userId: user,
    opt: value,
  });
  await loadEvents(warehouse, dir.path, [
    opt("s1", "u1", "in"),
    opt("s2", "u2", "out"),
    { ...opt("s3", "u3", "out"), durationMs: 90_000 },
    { ...opt("s4", "u3", "out"), durationMs: 30_000 },
    { id: "h1", kind: "health.check", time: ago(NOW, 5), schemaVersion: 1, check: "api", ok: false },
  ]);
});
afterAll(async () => {
  await warehouse.close();
  await dir.remove();
});

describe("startEvaluator", () => {
  it("publishes each evaluation and writes system-health.json and soundscape-usage.json atomically", async () => {
    const published: Evaluation[] = [];
    const evaluator = startEvaluator({
      warehouse,
      manifest: await loadManifest(),
      dataDir: dir.path,
      publish: (evaluation) => {
        published.push(evaluation);
      },
      healthExtras: () => ({ ingest: { acceptedEvents: 5 } }),
      now: () => NOW,
    });
    const evaluation = await evaluator.runOnce();
    await evaluator.stop();
    expect(published).toEqual([evaluation]);
    const health = JSON.parse(await readFile(join(dir.path, "system-health.json"), "utf8"));
    expect(health).toMatchObject({
      updatedAt: NOW.toISOString(),
      status: "missed",
      ingest: { acceptedEvents: 5 },
    });
    expect(health.metrics.find((m: { id: string }) => m.id === "uptime")).toMatchObject({
      value: 0,
      status: "missed",
    });
    expect(health.metrics.find((m: { id: string }) => m.id === "edge-p95-latency")).toMatchObject({
      value: null,
      status: "no-data",
    });
    const usage = JSON.parse(await readFile(join(dir.path, "soundscape-usage.json"), "utf8"));
    expect(usage).toEqual({
      updatedAt: NOW.toISOString(),
      window: "24h",
      users: 3,
      optedIn: 1,
      optInEvents: 1,
      optOutEvents: 3,
      optInRate: 100 / 3,
      listeningMs: 120_000,
      meanListeningMs: 60_000,
    });
    expect((await readdir(dir.path)).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });

  it("keeps running when publishing fails", async () => {
    const evaluator = startEvaluator({
      warehouse,
      manifest: await loadManifest(),
      dataDir: dir.path,
      publish: () => {
        throw new Error("bus down");
      },
      now: () => NOW,
    });
    await expect(evaluator.runOnce()).resolves.toHaveProperty("metrics");
    await evaluator.stop();
  });
});
