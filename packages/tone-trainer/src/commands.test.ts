import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { DaiError } from "@dai/core";
import { describe, expect, it } from "vitest";
import { asDemoArray, commandContext, demoEvents, manifestWith, tempDir } from "./__tests__/helpers.js";
import { moodCommand, trainToneCommand } from "./commands.js";
import type { MoodReport } from "./mood.js";
import { type ToneWeightsFile, weightsFor } from "./output.js";

async function seededDir() {
  const dir = await tempDir();
  const { events, dealers } = demoEvents(40, 60);
  await writeFile(join(dir, "copilot-events.json"), asDemoArray(events));
  await writeFile(join(dir, "dealers.json"), JSON.stringify(dealers));
  return { dir, events };
}

const readJson = async <T>(path: string): Promise<T> => JSON.parse(await readFile(path, "utf8")) as T;

describe("dai train-tone", () => {
  it("writes tone-weights.json with posteriors, floor and half-life from the manifest, clusters from dealers.json", async () => {
    const { dir, events } = await seededDir();
    const result = await trainToneCommand.run(commandContext({ dataDir: dir }));
    const file = await readJson<ToneWeightsFile>(join(dir, "tone-weights.json"));
    expect(file.algorithm).toMatchObject({ floor: 0.1, halfLifeDays: 14, weights: "probability-best" });
    expect(file.input.events).toBe(events.length);
    expect(file.previousWeights).toBeNull();
    expect(Object.values(file.weights).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(Object.keys(file.clusters).sort()).toEqual(expect.arrayContaining(["mass"]));
    expect(file.posteriors.friendly?.alpha).toBeGreaterThan(1);
    expect(weightsFor(file, "mass")).toEqual(file.clusters.mass?.weights);
    expect(weightsFor(file, "no-such-cluster")).toEqual(file.weights);
    const mass = file.clusters.mass as ToneWeightsFile["clusters"][string];
    expect(weightsFor({ ...file, clusters: { x: { ...mass, fallback: true } } }, "x")).toEqual(file.weights);
    expect(result.text).toContain("weight");
  });

  it("records the previous weights and the change on the next run", async () => {
    const { dir, events } = await seededDir();
    await trainToneCommand.run(commandContext({ dataDir: dir }));
    const first = await readJson<ToneWeightsFile>(join(dir, "tone-weights.json"));
    // A burst of praise for "concise" should move its weight up.
    const last = events.at(-1)?.timestamp as string;
    const praise = Array.from({ length: 300 }, (_, i) => ({
      ...events[0],
      id: `x${i}`,
      tone: "concise",
      feedback: "up",
      timestamp: last,
    }));
    await writeFile(join(dir, "copilot-events.json"), asDemoArray([...events, ...praise]));
    await trainToneCommand.run(commandContext({ dataDir: dir, clusters: "none" }));
    const second = await readJson<ToneWeightsFile>(join(dir, "tone-weights.json"));
    expect(second.previousWeights).toEqual(first.weights);
    expect(second.change?.concise).toBeCloseTo(
      (second.weights.concise as number) - (first.weights.concise as number),
      12,
    );
    expect(second.change?.concise).toBeGreaterThan(0);
    expect(second.clusters).toEqual({});
  });

  it("skips a malformed event and reports its line; --strict fails and leaves the previous file untouched", async () => {
    const { dir } = await seededDir();
    await trainToneCommand.run(commandContext({ dataDir: dir }));
    const before = await readFile(join(dir, "tone-weights.json"), "utf8");
    const path = join(dir, "copilot-events.json");
    const lines = (await readFile(path, "utf8")).split("\n");
    lines[4] = (lines[4] as string).replace('"feedback":', '"feedback":"sideways","x":');
    await writeFile(path, lines.join("\n"));
    await expect(trainToneCommand.run(commandContext({ dataDir: dir, strict: true }))).rejects.toThrow(
      /line 5 \(index 3\): feedback: expected "up", "down" or null, got "sideways"/,
    );
    expect(await readFile(join(dir, "tone-weights.json"), "utf8")).toBe(before);
    const lenient = await trainToneCommand.run(commandContext({ dataDir: dir }));
    expect((lenient.data as ToneWeightsFile).input.problems).toEqual([
      { path: "line 5 (index 3)", message: 'feedback: expected "up", "down" or null, got "sideways"' },
    ]);
    expect(lenient.text).toContain("skipped 1 malformed event");
  });

  it("also reads the Copilot's feedback log (copilot-feedback.ndjson) beside the events, naming its lines", async () => {
    const { dir, events } = await seededDir();
    const alone = (await trainToneCommand.run(commandContext({ dataDir: dir, output: join(dir, "a.json") })))
      .data as ToneWeightsFile;
    const last = events.at(-1)?.timestamp as string;
    const thumbs = Array.from({ length: 250 }, (_, i) =>
      JSON.stringify({ ...events[0], id: `f${i}`, tone: "empathetic", feedback: "up", timestamp: last }),
    );
    thumbs.push(
      '{"type":"copilot.explanation","dealerId":"d1","tone":"concise","mood":"calm","feedback":"meh","timestamp":"2026-06-30T10:00:00Z"}',
    );
    await writeFile(join(dir, "copilot-feedback.ndjson"), `${thumbs.join("\n")}\n`);
    const both = (await trainToneCommand.run(commandContext({ dataDir: dir, output: join(dir, "b.json") })))
      .data as ToneWeightsFile;
    expect(both.input.events).toBe(alone.input.events + 250);
    expect(both.posteriors.empathetic?.up).toBe((alone.posteriors.empathetic?.up as number) + 250);
    expect(both.weights.empathetic).toBeGreaterThan(alone.weights.empathetic as number);
    expect(both.input.path).toContain("copilot-feedback.ndjson");
    expect(both.input.problems).toEqual([
      {
        path: "copilot-feedback.ndjson line 251",
        message: 'feedback: expected "up", "down" or null, got "meh"',
      },
    ]);
    const mood = (await moodCommand.run(commandContext({ dataDir: dir }))).data as MoodReport;
    expect(mood.totals.events).toBe(events.length + 250);
    // An explicit --input reads only that file.
    const only = (
      await trainToneCommand.run(
        commandContext({
          dataDir: dir,
          input: join(dir, "copilot-events.json"),
          output: join(dir, "c.json"),
        }),
      )
    ).data as ToneWeightsFile;
    expect(only.input.events).toBe(alone.input.events);
  });

  it("fails with a clear error when floor × tones > 1, writing nothing", async () => {
    const { dir } = await seededDir();
    const manifest = await manifestWith(dir, { minWeight: 0.3 });
    const run = trainToneCommand.run(commandContext({ dataDir: dir }, { MANIFEST_PATH: manifest }));
    await expect(run).rejects.toBeInstanceOf(DaiError);
    await expect(run).rejects.toThrow(/0\.3 × 5 tones = 1\.5 > 1/);
    await expect(readFile(join(dir, "tone-weights.json"))).rejects.toThrow(/ENOENT/);
  });

  it("reads the half-life from the manifest (a shorter one forgets old feedback faster)", async () => {
    const { dir } = await seededDir();
    const manifest = await manifestWith(dir, { halfLifeDays: 2 });
    const result = await trainToneCommand.run(
      commandContext({ dataDir: dir, output: join(dir, "short.json") }, { MANIFEST_PATH: manifest }),
    );
    const long = await trainToneCommand.run(commandContext({ dataDir: dir, output: join(dir, "long.json") }));
    const short = result.data as ToneWeightsFile;
    expect(short.algorithm.halfLifeDays).toBe(2);
    const effective = (f: ToneWeightsFile) => f.posteriors.friendly?.effectiveUp as number;
    expect(effective(short)).toBeLessThan(effective(long.data as ToneWeightsFile) / 3);
  });

  it("names a missing input file and rejects an unknown --engine", async () => {
    const dir = await tempDir();
    await expect(trainToneCommand.run(commandContext({ dataDir: dir }))).rejects.toThrow(
      /cannot read .*copilot-events\.json: ENOENT/,
    );
    await expect(trainToneCommand.run(commandContext({ dataDir: dir, engine: "spark" }))).rejects.toThrow(
      /--engine: expected one of auto, stream, duckdb/,
    );
  });
});

describe("dai mood", () => {
  it("writes the mood report with the manifest's sentiment target, then a trend on the next run", async () => {
    const { dir, events } = await seededDir();
    const first = await moodCommand.run(commandContext({ dataDir: dir }));
    const report = await readJson<MoodReport>(join(dir, "mood-report.json"));
    expect(report.totals.events).toBe(events.length);
    expect(report.target).toMatchObject({ id: "copilot-positive-sentiment", target: 0.8, label: "> 0.8" });
    expect(Object.keys(report.distribution)).toEqual([
      "calm",
      "upbeat",
      "focused",
      "concerned",
      "celebratory",
    ]);
    expect(report.trend).toBeNull();
    expect(first.text).toContain("top mood");
    const last = events.at(-1)?.timestamp as string;
    const gloom = Array.from({ length: 200 }, (_, i) => ({
      ...events[0],
      id: `g${i}`,
      mood: "concerned",
      feedback: "down",
      timestamp: last,
    }));
    await writeFile(join(dir, "copilot-events.json"), asDemoArray([...events, ...gloom]));
    await moodCommand.run(commandContext({ dataDir: dir }));
    const next = await readJson<MoodReport>(join(dir, "mood-report.json"));
    expect(next.trend?.previousGeneratedAt).toBe(report.generatedAt);
    expect(next.trend?.overallSentiment.delta).toBeLessThan(0);
    expect(next.trend?.moods.concerned?.positiveShareDelta).toBeLessThan(0);
  });

  it("--days keeps only the last days up to the newest event", async () => {
    const { dir } = await seededDir();
    const all = (await moodCommand.run(commandContext({ dataDir: dir, output: join(dir, "a.json") })))
      .data as MoodReport;
    const day = (
      await moodCommand.run(commandContext({ dataDir: dir, days: "1", output: join(dir, "b.json") }))
    ).data as MoodReport;
    expect(day.windowDays).toBe(1);
    expect(day.totals.events).toBeGreaterThan(0);
    expect(day.totals.events).toBeLessThan(all.totals.events / 20);
    await expect(moodCommand.run(commandContext({ dataDir: dir, days: "0" }))).rejects.toThrow(/--days/);
  });
});
