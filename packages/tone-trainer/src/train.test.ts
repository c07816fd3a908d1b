import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { DaiError } from "@dai/core";
import { describe, expect, it } from "vitest";
import reference from "./__tests__/fixtures/scipy-reference.json" with { type: "json" };
import { asDemoArray, asNdjson, demoEvents, tempDir } from "./__tests__/helpers.js";
import { countWithDuckDb } from "./duckdb.js";
import { type ToneTraining, trainTone } from "./train.js";

const ref = reference.training;
const refOptions = {
  floor: ref.floor,
  halfLifeDays: ref.halfLifeDays,
  prior: ref.prior,
  clusterStrength: ref.clusterStrength,
  minClusterRatings: 0,
  tones: ref.tones,
  clusterOf: (id: string) => (ref.clusterOf as Record<string, string>)[id],
};
const close = (a: number, b: number, tolerance: number) => expect(Math.abs(a - b)).toBeLessThan(tolerance);

describe("trainTone against the SciPy reference", () => {
  it("global posteriors (decayed counts + prior), intervals and weights match", async () => {
    const { model } = await trainTone(ref.events, refOptions);
    ref.tones.forEach((tone, i) => {
      const posterior = model.global.posteriors[tone];
      const [alpha, beta] = ref.global.params[i] as [number, number];
      close(posterior?.alpha as number, alpha, 1e-10);
      close(posterior?.beta as number, beta, 1e-10);
      close(posterior?.mean as number, ref.global.means[i] as number, 1e-12);
      close(posterior?.lower as number, ref.global.q025[i] as number, 1e-10);
      close(posterior?.upper as number, ref.global.q975[i] as number, 1e-10);
      close(model.global.weights[tone] as number, ref.global.weights[i] as number, 1e-6);
    });
  });

  it("cluster posteriors are shrunk toward the global mean with strength κ, as the reference computes", async () => {
    const { model } = await trainTone(ref.events, refOptions);
    for (const [name, expected] of Object.entries(ref.clusters)) {
      const cluster = model.clusters[name];
      expect(cluster?.fallback).toBe(false);
      ref.tones.forEach((tone, i) => {
        const [alpha, beta] = expected.params[i] as [number, number];
        close(cluster?.posteriors[tone]?.alpha as number, alpha, 1e-10);
        close(cluster?.posteriors[tone]?.beta as number, beta, 1e-10);
        close(cluster?.posteriors[tone]?.lower as number, expected.q025[i] as number, 1e-10);
        close(cluster?.weights[tone] as number, expected.weights[i] as number, 1e-6);
      });
    }
    // The clusters disagree (a favours professional, b friendly): the point of per-cluster weights.
    expect(model.clusters.a?.weights.professional).toBeGreaterThan(
      model.clusters.b?.weights.professional as number,
    );
    expect(model.clusters.b?.weights.friendly).toBeGreaterThan(model.clusters.a?.weights.friendly as number);
  });
});

describe("trainTone", () => {
  const at = (day: number) => new Date(Date.UTC(2026, 0, 1) + day * 86_400_000).toISOString();
  const event = (day: number, feedback: "up" | "down" | null, tone = "friendly") => ({
    dealerId: "d1",
    tone,
    mood: "calm",
    feedback,
    timestamp: at(day),
  });

  it("halves the weight of feedback one half-life older than the newest event", async () => {
    const { model } = await trainTone([event(0, "up"), event(14, "down"), event(28, "up")], {
      floor: 0.1,
      halfLifeDays: 14,
      prior: { alpha: 1, beta: 1 },
    });
    const friendly = model.global.posteriors.friendly;
    close(friendly?.effectiveUp as number, 1 + 0.25, 1e-12);
    close(friendly?.effectiveDown as number, 0.5, 1e-12);
    expect([friendly?.up, friendly?.down]).toEqual([2, 1]);
  });

  it("gives a cluster with too little feedback the global weights", async () => {
    const events = [
      ...Array.from({ length: 40 }, (_, i) => event(i % 20, i % 3 ? "up" : "down")),
      { ...event(3, "up"), dealerId: "d2" },
    ];
    const { model } = await trainTone(events, {
      floor: 0.1,
      halfLifeDays: undefined,
      clusterOf: (id) => (id === "d2" ? "small" : "big"),
    });
    expect(model.clusters.small?.fallback).toBe(true);
    expect(model.clusters.small?.weights).toEqual(model.global.weights);
    expect(model.clusters.big?.fallback).toBe(false);
  });

  it("adds tones seen in data to the Copilot's five, and skips malformed events with their index", async () => {
    const { model, summary } = await trainTone(
      [
        event(1, "up", "witty"),
        { ...event(2, "up"), feedback: "maybe" },
        { ...event(2, "up"), type: "copilot.other" },
      ],
      { floor: 0.1, halfLifeDays: 14 },
    );
    expect(model.tones).toEqual([
      "professional",
      "friendly",
      "concise",
      "enthusiastic",
      "empathetic",
      "witty",
    ]);
    expect(summary.skipped).toBe(1);
    expect(summary.ignored).toBe(1);
    expect(summary.problems).toEqual([
      { path: "index 1", message: 'feedback: expected "up", "down" or null, got "maybe"' },
    ]);
  });

  it("--strict makes a malformed event fatal, naming where it is and which field", async () => {
    const run = trainTone([event(1, "up"), { ...event(2, "up"), timestamp: "yesterday" }], {
      floor: 0.1,
      halfLifeDays: 14,
      strict: true,
    });
    await expect(run).rejects.toThrow(DaiError);
    await expect(run).rejects.toThrow(/index 1: timestamp: expected an ISO-8601/);
  });
});

describe("the same counts from an array, a stream and DuckDB", () => {
  function signature(training: ToneTraining) {
    const rows: [string, string, number, number, number, number, number][] = [];
    for (const [dealer, byTone] of training.counts.cells) {
      for (const [tone, c] of byTone)
        rows.push([dealer, tone, c.up, c.down, c.none, c.upWeight, c.downWeight]);
    }
    return rows.sort((x, y) => (x[0] + x[1] < y[0] + y[1] ? -1 : 1));
  }

  it("demo events give identical raw counts and decayed weights within 1e-9, NDJSON and JSON array alike", async () => {
    const { events } = demoEvents(40, 90);
    const dir = await tempDir();
    const ndjson = join(dir, "events.ndjson");
    const array = join(dir, "events.json");
    await writeFile(ndjson, asNdjson(events));
    await writeFile(array, asDemoArray(events));
    const options = { floor: 0.1, halfLifeDays: 14 };
    const inMemory = await trainTone(events, options);
    const streamed = await trainTone({ path: ndjson }, { ...options, engine: "stream" });
    const viaDuckNdjson = await trainTone({ path: ndjson }, { ...options, engine: "duckdb" });
    const viaDuckArray = await trainTone({ path: array }, { ...options, engine: "duckdb" });
    expect(viaDuckNdjson.summary.engine).toBe("duckdb");
    expect(viaDuckArray.summary.engine).toBe("duckdb");
    const expected = signature(inMemory);
    expect(expected.length).toBeGreaterThan(100);
    for (const other of [streamed, viaDuckNdjson, viaDuckArray]) {
      const rows = signature(other);
      expect(rows.map((r) => r.slice(0, 5))).toEqual(expected.map((r) => r.slice(0, 5)));
      rows.forEach((row, i) => {
        const want = expected[i] as (typeof rows)[number];
        expect(Math.abs(row[5] - want[5])).toBeLessThanOrEqual(1e-9 * Math.max(1, want[5]));
        expect(Math.abs(row[6] - want[6])).toBeLessThanOrEqual(1e-9 * Math.max(1, want[6]));
      });
      expect(other.summary.events).toBe(events.length);
      expect(other.summary.asOf).toBe(inMemory.summary.asOf);
      for (const tone of inMemory.model.tones) {
        close(
          other.model.global.weights[tone] as number,
          inMemory.model.global.weights[tone] as number,
          1e-9,
        );
      }
    }
  });

  it("a half-life of minutes (weights beyond 2^-1000 from now) still gives DuckDB and the stream the same weights", async () => {
    const { events } = demoEvents(5, 10);
    const dir = await tempDir();
    const path = join(dir, "events.ndjson");
    await writeFile(path, asNdjson(events));
    const options = { floor: 0.1, halfLifeDays: 0.01 };
    const stream = await trainTone({ path }, { ...options, engine: "stream" });
    const duck = await trainTone({ path }, { ...options, engine: "duckdb" });
    expect(duck.summary.engine).toBe("duckdb");
    const want = signature(stream);
    const got = signature(duck);
    expect(got.map((r) => r.slice(0, 5))).toEqual(want.map((r) => r.slice(0, 5)));
    got.forEach((row, i) => {
      const expected = want[i] as (typeof got)[number];
      expect(Math.abs(row[5] - expected[5])).toBeLessThanOrEqual(1e-9 * Math.max(1e-300, expected[5]));
      expect(Math.abs(row[6] - expected[6])).toBeLessThanOrEqual(1e-9 * Math.max(1e-300, expected[6]));
    });
    expect(signature(stream).some((r) => r[5] + r[6] > 0)).toBe(true);
  });

  it("DuckDB flags a malformed event as unclean, and trainTone then streams to report its line", async () => {
    const { events } = demoEvents(5, 20);
    const dir = await tempDir();
    const path = join(dir, "events.ndjson");
    const lines = asNdjson(events).split("\n");
    lines[3] = JSON.stringify({ ...events[3], tone: "" });
    lines[6] = "{not json";
    await writeFile(path, lines.join("\n"));
    expect((await countWithDuckDb(path, { halfLifeDays: 14 })).clean).toBe(false);
    const { summary } = await trainTone({ path }, { floor: 0.1, halfLifeDays: 14, engine: "duckdb" });
    expect(summary.engine).toBe("stream");
    expect(summary.problems.map((p) => p.path)).toEqual(["line 4", "line 7"]);
    expect(summary.problems[0]?.message).toMatch(/^tone: expected a non-empty string/);
  });

  it("DuckDB leaves other event types out like the stream does, and agrees on which timestamps are malformed", async () => {
    const { events } = demoEvents(5, 20);
    const dir = await tempDir();
    const path = join(dir, "events.ndjson");
    // Zone-less and space-separated date-times are UTC in both paths.
    const extra = [
      { ...events[0], type: "copilot.click" },
      { ...events[0], timestamp: "2026-06-01 10:00:00" },
      { ...events[1], timestamp: "2026-06-01T10:00:00.5+02:00" },
      { ...events[2], timestamp: "2026-06-01T10:00:00.1234567890123-0130" },
    ];
    await writeFile(path, asNdjson([...events, ...extra]));
    const duck = await trainTone({ path }, { floor: 0.1, halfLifeDays: 14, engine: "duckdb" });
    const stream = await trainTone({ path }, { floor: 0.1, halfLifeDays: 14, engine: "stream" });
    expect(duck.summary).toMatchObject({ engine: "duckdb", ignored: 1, events: events.length + 3 });
    expect(stream.summary).toMatchObject({
      engine: "stream",
      ignored: 1,
      events: events.length + 3,
      skipped: 0,
    });
    for (const tone of duck.model.tones) {
      close(
        duck.model.global.posteriors[tone]?.alpha as number,
        stream.model.global.posteriors[tone]?.alpha as number,
        1e-9,
      );
    }
    for (const timestamp of ["2026-06-01", "2026-02-30T00:00:00Z", "yesterday", "2026-06-01T10:00"]) {
      await writeFile(path, asNdjson([...events, { ...events[0], timestamp }]));
      expect((await countWithDuckDb(path, { halfLifeDays: 14 })).clean).toBe(false);
      const streamed = await trainTone({ path }, { floor: 0.1, halfLifeDays: 14, engine: "stream" });
      expect(streamed.summary.skipped).toBe(1);
    }
    for (const broken of [
      { ...events[0], mood: "" },
      { ...events[0], dealerId: null },
      { ...events[0], feedback: "meh" },
    ]) {
      await writeFile(path, asNdjson([...events, broken]));
      expect((await countWithDuckDb(path, { halfLifeDays: 14 })).clean).toBe(false);
    }
  });
});
