import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type CommandContext, DaiError, silentProgress } from "@dai/core";
import { seedDemoData } from "@dai/demo-data";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readAllTwins, twinShowCommand, twinUpdateCommand } from "./commands.js";
import type { TwinRun } from "./job/log.js";
import { dealerDeviation, twinsSummary } from "./twin/summary.js";

const context = (
  dataDir: string,
  args: string[] = [],
  options: CommandContext["options"] = {},
): CommandContext => ({
  args,
  options: { dataDir, ...options },
  json: false,
  progress: silentProgress,
  cwd: process.cwd(),
  env: {},
});

describe("dai twin commands", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "dai-twin-cmd-"));
    await seedDemoData({ dataDir: dir, dealers: 2, days: 100, endDate: "2026-11-24" });
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("updates with the manifest's horizon and shows one dealer", async () => {
    const result = await twinUpdateCommand.run(context(dir, [], { workers: "1" }));
    const run = result.data as TwinRun;
    expect(run.horizonDays).toBe(28);
    expect(run.deviation.platform.target).toBe(5);
    expect(result.text).toMatch(/updated 2\/2 dealers/);
    const shown = await twinShowCommand.run(context(dir, ["dlr-001"]));
    expect(shown.text).toMatch(/dealer dlr-001: data as of 2026-11-24/);
    expect(shown.text).toContain("webSessions");
  });

  it("rejects a bad --workers value and an unknown dealer with 4xx errors", async () => {
    await expect(twinUpdateCommand.run(context(dir, [], { workers: "zero" }))).rejects.toThrow(/--workers/);
    const error = await twinShowCommand.run(context(dir, ["NOPE"])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DaiError);
    expect((error as DaiError).status).toBe(404);
  });
});

describe("readAllTwins + twinsSummary", () => {
  it("summarises the written twins for the dashboard", async () => {
    const dir = await mkdtemp(join(tmpdir(), "dai-twin-sum-"));
    try {
      await seedDemoData({ dataDir: dir, dealers: 3, days: 90, endDate: "2026-11-24" });
      await twinUpdateCommand.run(context(dir, [], { workers: "1" }));
      const twins = await readAllTwins(dir);
      expect(twins.map((t) => t.dealerId)).toEqual(["dlr-001", "dlr-002", "dlr-003"]);
      const summary = twinsSummary(twins, 5);
      expect(summary.dealers).toBe(3);
      expect(summary.distribution.dealers).toBe(3);
      expect(summary.distribution.min!).toBeLessThanOrEqual(summary.distribution.median!);
      expect(summary.distribution.median!).toBeLessThanOrEqual(summary.distribution.max!);
      const perDealer = twins.map(dealerDeviation).sort((x, y) => (x ?? 0) - (y ?? 0));
      expect(summary.distribution.median).toBe(perDealer[1]);
      const dates = summary.anomalies.latest.map((a) => a.date);
      expect(dates).toEqual([...dates].sort().reverse());
      expect(summary.anomalies.total).toBe(Object.values(summary.anomalies.byKpi).reduce((a, b) => a + b, 0));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("fails with a 404 naming the fix when no twins were written", async () => {
    const dir = await mkdtemp(join(tmpdir(), "dai-twin-none-"));
    await expect(readAllTwins(dir)).rejects.toThrow(/run `dai twin update` first/);
    await rm(dir, { recursive: true, force: true });
  });
});
