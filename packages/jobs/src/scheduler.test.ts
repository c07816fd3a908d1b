import { spawnSync } from "node:child_process";
import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { findProjectRoot, silentLogger } from "@dai/core";
import { loadManifest } from "@dai/manifest-schema";
import { describe, expect, it } from "vitest";
import { JobLock } from "./lock.js";
import { JobRegistry } from "./registry.js";
import { JobRunLog, type JobRunRecord } from "./run-log.js";
import { runJob } from "./runner.js";
import { type Clock, Scheduler } from "./scheduler.js";

const root = findProjectRoot(import.meta.dirname) as string;
const manifest = await loadManifest(join(root, "manifest", "dealershipai-hyper-optimization-manifest.json"));

/** A clock whose time moves only when the test says, firing due timers in order. */
class FakeClock implements Clock {
  private timers: { at: number; callback: () => void; id: number }[] = [];
  private nextId = 0;
  /** How many timers have fired: each one starts a job run. */
  fired = 0;
  constructor(public time: number) {}
  now() {
    return this.time;
  }
  setTimeout(callback: () => void, ms: number) {
    const id = this.nextId++;
    this.timers.push({ at: this.time + ms, callback, id });
    return id;
  }
  clearTimeout(handle: unknown) {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }
  async advanceTo(target: number, settle: () => Promise<void>) {
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers[0];
      if (!next || next.at > target) break;
      this.timers.shift();
      this.time = next.at;
      this.fired++;
      next.callback();
      await settle();
    }
    this.time = target;
  }
}

async function setup(jobs: { name: string; scheduleId: string; work?: () => Promise<void> }[]) {
  const dataDir = await mkdtemp(join(tmpdir(), "dai-jobs-"));
  const registry = new JobRegistry(manifest);
  const ran: { job: string; at: string }[] = [];
  let finished = 0;
  for (const job of jobs) {
    registry.register({
      name: job.name,
      description: job.name,
      scheduleId: job.scheduleId,
      inputs: [],
      outputs: [],
      async run({ scheduledFor }) {
        ran.push({ job: job.name, at: scheduledFor.toISOString() });
        await job.work?.();
        return { summary: "ok" };
      },
    });
  }
  const runLog = new JobRunLog(dataDir);
  const records: JobRunRecord[] = [];
  /** Waits (in real time) until `expected` runs have finished. */
  const settleUntil = async (expected: () => number) => {
    for (let i = 0; i < 400 && finished < expected(); i++) await new Promise((r) => setTimeout(r, 5));
  };
  const deps = {
    dataDir,
    manifest,
    runLog,
    logger: silentLogger,
    onRunFinished: (record: JobRunRecord) => {
      records.push(record);
      finished++;
    },
  };
  return { dataDir, registry, ran, records, runLog, deps, settleUntil };
}

describe("Scheduler", () => {
  it("runs each job at its manifest time in UTC", async () => {
    const t = await setup([
      { name: "tone", scheduleId: "nightly-tone-training" },
      { name: "bench", scheduleId: "weekly-benchmark-refresh" },
      { name: "twin", scheduleId: "dealer-twin-update" },
    ]);
    const clock = new FakeClock(Date.parse("2026-11-28T12:00:00Z")); // a Saturday
    const scheduler = new Scheduler(t.registry, t.deps, clock);
    await scheduler.start();
    await clock.advanceTo(Date.parse("2026-12-01T00:00:00Z"), () => t.settleUntil(() => clock.fired));
    scheduler.stop();
    expect(t.ran.map((r) => `${r.job} ${r.at}`).sort()).toEqual(
      [
        "tone 2026-11-29T02:00:00.000Z",
        "tone 2026-11-30T02:00:00.000Z",
        "twin 2026-11-29T01:00:00.000Z",
        "twin 2026-11-30T01:00:00.000Z",
        "bench 2026-11-30T04:00:00.000Z",
      ].sort(),
    );
    expect(t.records.every((r) => r.trigger === "schedule" && r.outcome === "success")).toBe(true);
  });

  it("catches up once, not once per missed slot, after being stopped", async () => {
    const t = await setup([{ name: "tone", scheduleId: "nightly-tone-training" }]);
    const clock = new FakeClock(Date.parse("2026-11-20T12:00:00Z"));
    const first = new Scheduler(t.registry, t.deps, clock);
    await first.start();
    await clock.advanceTo(Date.parse("2026-11-21T12:00:00Z"), () => t.settleUntil(() => clock.fired));
    first.stop();
    expect(t.records.map((r) => `${r.outcome} ${r.summary}`)).toEqual(["success ok"]);
    expect(t.ran).toHaveLength(1);
    // Stopped for four nights.
    clock.time = Date.parse("2026-11-25T12:00:00Z");
    const second = new Scheduler(t.registry, t.deps, clock);
    await second.start();
    second.stop();
    expect(t.records.map((r) => r.trigger)).toEqual(["schedule", "catch-up"]);
    expect(t.ran).toHaveLength(2);
  });

  it("does not catch up a job that never ran, nor one that is up to date", async () => {
    const t = await setup([{ name: "tone", scheduleId: "nightly-tone-training" }]);
    const clock = new FakeClock(Date.parse("2026-11-25T12:00:00Z"));
    const scheduler = new Scheduler(t.registry, t.deps, clock);
    await scheduler.start();
    scheduler.stop();
    expect(t.ran).toHaveLength(0);
    expect(scheduler.nextRuns()).toEqual([{ job: "tone", at: new Date("2026-11-26T02:00:00Z") }]);
  });

  it("never overlaps two runs of one job: the second is recorded as skipped", async () => {
    let release: () => void = () => {};
    const t = await setup([
      {
        name: "slow",
        scheduleId: "nightly-tone-training",
        work: () => new Promise<void>((r) => (release = r)),
      },
    ]);
    const job = t.registry.get("slow");
    const first = runJob(job, "manual", t.deps);
    for (let i = 0; i < 400 && t.ran.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
    const second = await runJob(job, "manual", t.deps);
    expect(second.outcome).toBe("skipped");
    release();
    expect((await first).outcome).toBe("success");
    // The lock went with the first run.
    expect(await new JobLock(t.dataDir, "slow").acquire()).toBe(true);
  });
});

describe("JobLock", () => {
  it("takes over a lock whose process died, and respects a live one", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "dai-lock-"));
    await mkdir(join(dataDir, "locks"));
    const dead = spawnSync(process.execPath, [
      "-e",
      "process.stdout.write(String(process.pid))",
    ]).stdout.toString();
    await writeFile(
      join(dataDir, "locks", "a.lock"),
      JSON.stringify({ pid: Number(dead), host: hostname(), acquiredAt: "x" }),
    );
    expect(await new JobLock(dataDir, "a").acquire()).toBe(true);
    expect(JSON.parse(await readFile(join(dataDir, "locks", "a.lock"), "utf8")).pid).toBe(process.pid);
    expect(await new JobLock(dataDir, "a").acquire()).toBe(false);
    await new JobLock(dataDir, "a").release();
    expect(await new JobLock(dataDir, "a").acquire()).toBe(true);
  });
});

describe("JobRunLog", () => {
  it("skips a line torn by a crash and keeps the records around it", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "dai-runlog-"));
    const record = {
      job: "a",
      trigger: "manual",
      scheduledFor: "t",
      startedAt: "t",
      endedAt: "t",
      durationMs: 1,
      outcome: "success",
      summary: "",
      outputs: [],
    } as JobRunRecord;
    await writeFile(join(dataDir, "job-runs.ndjson"), `${JSON.stringify(record)}\n{"job":"b","trig`);
    // A new process appends after the crash.
    const log = new JobRunLog(dataDir);
    await log.append({ ...record, job: "c" });
    expect((await log.all()).map((r) => r.job)).toEqual(["a", "c"]);
  });
});

describe("JobRegistry", () => {
  it("names the known schedules when a job asks for an unknown one", () => {
    const registry = new JobRegistry(manifest);
    expect(() =>
      registry.register({
        name: "x",
        description: "",
        scheduleId: "hourly",
        inputs: [],
        outputs: [],
        run: async () => ({ summary: "" }),
      }),
    ).toThrow(/no manifest schedule "hourly"; known: dealer-twin-update/);
  });
});
