import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { seedDemoData } from "@dai/demo-data";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DealerTwin } from "../twin/types.js";
import { createDealerTwinJob } from "./definition.js";
import { readTwinLog } from "./log.js";
import { runPool } from "./pool.js";
import { summarizeDeviation } from "./summary.js";
import type { TwinTask } from "./task.js";
import { runTwinUpdate, TWIN_FILES } from "./update.js";

const created: string[] = [];
const tempDir = async (prefix: string) => {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  created.push(dir);
  return dir;
};
afterAll(async () => {
  await Promise.all(created.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe("runTwinUpdate (the daily job)", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await tempDir("dai-twin-");
    await seedDemoData({ dataDir: dir, dealers: 4, days: 120, endDate: "2026-11-24" });
  });

  it("writes every dealer's twin, appends runs to the log and calls the hooks", async () => {
    const updated: string[] = [];
    const metrics: [string, number][] = [];
    const hooks = {
      onTwinUpdated: (twin: DealerTwin) => void updated.push(twin.dealerId),
      reportMetric: (name: string, value: number) => void metrics.push([name, value]),
    };
    const run = await runTwinUpdate({ dataDir: dir, horizonDays: 14, deviationTarget: 5, workers: 1, hooks });
    expect(run.dealers).toEqual({ total: 4, updated: 4, failed: 0 });
    expect(run.asOf).toBe("2026-11-24");
    expect(Object.values(run.models).reduce((a, b) => a + b, 0)).toBe(4 * 5);
    expect(run.deviation.platform.value).toBeGreaterThan(0);
    expect(run.deviation.platform.target).toBe(5);
    expect(updated).toHaveLength(4);
    expect(metrics).toEqual([
      ["forecast-deviation", run.deviation.platform.value],
      ["dealer-twin.job.duration", run.durationMs],
      ["dealer-twin.job.failures", 0],
    ]);
    const lines = (await readFile(join(dir, TWIN_FILES.twins), "utf8")).trimEnd().split("\n");
    expect(lines.map((line) => JSON.parse(line).dealerId)).toEqual(updated);
    await runTwinUpdate({ dataDir: dir, horizonDays: 14, workers: 1 });
    const log = await readTwinLog(join(dir, TWIN_FILES.log));
    expect(log.runs).toHaveLength(2);
  });

  it("fails a dealer with unusable rows and skips bad lines without failing the run", async () => {
    const bad = await tempDir("dai-twin-bad-");
    const text = await readFile(join(dir, TWIN_FILES.kpis), "utf8");
    const extra = [
      "{not json",
      JSON.stringify({ dealerId: "X1", date: "2026-02-30x" }),
      JSON.stringify({ dealerId: "EMPTY", date: "2026-11-24" }),
    ];
    await writeFile(join(bad, TWIN_FILES.kpis), `${text}${extra.join("\n")}\n`);
    const run = await runTwinUpdate({ dataDir: bad, horizonDays: 7, workers: 1 });
    expect(run.badLines.count).toBe(2);
    expect(run.badLines.first[0]?.reason).toBe("invalid JSON");
    expect(run.dealers.updated).toBe(5);
    const empty = JSON.parse(
      (await readFile(join(bad, TWIN_FILES.twins), "utf8")).trimEnd().split("\n").at(-1)!,
    );
    expect(empty.kpis.leads.fallback).toMatch(/observations/);
  });

  it("fails with a clear message when the KPI file is missing", async () => {
    const empty = await tempDir("dai-twin-none-");
    await expect(runTwinUpdate({ dataDir: empty, horizonDays: 7 })).rejects.toThrow(/run `dai seed` first/);
  });
});

describe("runPool", () => {
  const tasks: TwinTask[] = Array.from({ length: 5 }, (_, id) => ({
    id,
    dealerId: `D${id}`,
    rows: [],
    horizonDays: 7,
    now: "",
  }));
  // A stand-in worker speaking the pool's protocol; dealer D2 crashes its thread.
  const code = `
    const { parentPort } = require("node:worker_threads");
    parentPort.on("message", (task) => {
      if (task.dealerId === "D2") throw new Error("boom");
      parentPort.postMessage({ id: task.id, dealerId: task.dealerId, ok: true, twin: { dealerId: task.dealerId } });
    });`;

  it("spreads tasks over worker threads, replaces a crashed worker and fails only its task", async () => {
    const run = await runPool(tasks, { workers: 2, workerFactory: () => new Worker(code, { eval: true }) });
    expect(run.mode).toBe("worker_threads");
    expect(run.results.map((r) => r.dealerId)).toEqual(["D0", "D1", "D2", "D3", "D4"]);
    const crashed = run.results[2]!;
    expect(crashed.ok).toBe(false);
    expect(crashed.ok ? "" : crashed.reason).toMatch(/worker crashed: boom/);
    expect(run.results.filter((r) => r.ok)).toHaveLength(4);
  });

  it("runs in process with one worker, turning a thrown error into a failure", async () => {
    const run = await runPool(tasks.slice(0, 1), { workers: 1 });
    expect(run.mode).toBe("in-process");
    expect(run.results[0]).toMatchObject({ ok: false, reason: "buildDealerTwin: no rows" });
  });
});

describe("createDealerTwinJob", () => {
  it("runs the update with the manifest's horizon and reports a summary and metrics", async () => {
    const { loadManifest } = await import("@dai/manifest-schema");
    const { silentProgress } = await import("@dai/core");
    const dir = await tempDir("dai-twin-job-");
    await seedDemoData({ dataDir: dir, dealers: 2, days: 60, endDate: "2026-11-24" });
    const job = createDealerTwinJob();
    expect(job.scheduleId).toBe("dealer-twin-update");
    const outcome = await job.run({
      dataDir: dir,
      manifest: await loadManifest(),
      progress: silentProgress,
      scheduledFor: new Date("2026-11-25T01:00:00Z"),
    });
    expect(outcome.summary).toMatch(/^2\/2 dealer twins, forecast deviation [\d.]+% \(target < 5%\)$/);
    expect(outcome.metrics.dealers).toBe(2);
    const twin = JSON.parse((await readFile(join(dir, TWIN_FILES.twins), "utf8")).split("\n")[0]!);
    expect(twin.horizonDays).toBe(28);
    expect(twin.updatedAt).toBe("2026-11-25T01:00:00.000Z");
  });
});

describe("summarizeDeviation", () => {
  it("caps one absurd series so it cannot swamp the platform figure", () => {
    const window = (totalError: number) => ({ days: 28, origin: "x", mape: 1, smape: 1, totalError });
    const twin = (dealerId: string, totalError: number) =>
      ({
        dealerId,
        kpis: Object.fromEntries(
          ["aiVisibility", "leads", "webSessions", "reviewRating", "sentiment"].map((kpi) => [
            kpi,
            { deviation: { last7: window(totalError), last28: window(totalError) } },
          ]),
        ),
      }) as unknown as DealerTwin;
    const summary = summarizeDeviation([twin("a", 2), twin("b", 1e300)], 5);
    expect(summary.platform.value).toBe(101);
    expect(summary.platform.meetsTarget).toBe(false);
    expect(summary.byKpi.leads.totalError28).toBeGreaterThan(1e299);
  });
});
