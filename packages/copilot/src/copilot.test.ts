import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findProjectRoot } from "@dai/core";
import { type Dealer, type KpiRow, seedDemoData } from "@dai/demo-data";
import { loadManifest } from "@dai/manifest-schema";
import { FEEDBACK_FILE, trainTone, trainToneCommand } from "@dai/tone-trainer";
import { afterAll, describe, expect, it } from "vitest";
import { Copilot } from "./copilot.js";
import type { ChatAdapter } from "./llm.js";

const root = findProjectRoot(import.meta.dirname) as string;
const manifestPath = join(root, "manifest", "dealershipai-hyper-optimization-manifest.json");
const manifest = await loadManifest(manifestPath);
const dataDir = await mkdtemp(join(tmpdir(), "dai-copilot-"));
afterAll(() => rm(dataDir, { recursive: true, force: true }));
await seedDemoData({ dataDir, dealers: 12, days: 60, copilotDays: 60, endDate: "2026-06-30" });
const dealers = JSON.parse(await readFile(join(dataDir, "dealers.json"), "utf8")) as Dealer[];
const allRows = (await readFile(join(dataDir, "kpi-daily.ndjson"), "utf8"))
  .split("\n")
  .filter(Boolean)
  .map((line) => JSON.parse(line) as KpiRow);
const rowsOf = (id: string) => allRows.filter((r) => r.dealerId === id);
const dealer = dealers[0] as Dealer;
const lookUp = async (id: string) => {
  const found = dealers.find((d) => d.id === id);
  return found ? { dealer: found, rows: rowsOf(id) } : undefined;
};
const now = () => new Date("2026-07-01T08:00:00Z");
const context = (options: Record<string, unknown>) => ({
  args: [],
  options,
  env: { MANIFEST_PATH: manifestPath },
  cwd: root,
  progress: { start() {}, update() {}, finish() {} },
  logger: undefined,
});

describe("Copilot.reply", () => {
  it("explains a dealer's week in one tone and the KPI mood, the same on every call", async () => {
    const copilot = new Copilot({ dataDir, manifest, now });
    const reply = await copilot.reply(dealer, rowsOf(dealer.id));
    expect(reply.asOf).toBe("2026-06-30");
    expect(reply.messages.length).toBeGreaterThanOrEqual(4);
    expect(reply.messages[0]?.text).toContain(dealer.name);
    expect(new Set(reply.messages.map((m) => m.tone))).toEqual(new Set([reply.tone.tone]));
    expect(reply.messages.every((m) => m.mood === reply.mood.mood && /^cm-[0-9a-f]{16}$/.test(m.id))).toBe(
      true,
    );
    expect(reply.tone.source).toBe("uniform");
    expect(reply.generator).toEqual({ kind: "template" });
    expect(await copilot.reply(dealer, rowsOf(dealer.id))).toEqual(reply);
  });

  it("picks the tone from the trained weights, per cluster: a tone with overwhelming approval wins most dealers", async () => {
    const dir = await mkdtemp(join(tmpdir(), "dai-copilot-w-"));
    await seedDemoData({ dataDir: dir, dealers: 12, days: 30, copilotDays: 30, endDate: "2026-06-30" });
    const events = JSON.parse(await readFile(join(dir, "copilot-events.json"), "utf8")) as Record<
      string,
      unknown
    >[];
    const skewed = events.map((e) => ({ ...e, feedback: e.tone === "concise" ? "up" : "down" }));
    await writeFile(join(dir, "copilot-events.json"), JSON.stringify(skewed));
    await trainToneCommand.run(context({ dataDir: dir }) as never);
    const copilot = new Copilot({ dataDir: dir, manifest, now });
    const tones = await Promise.all(dealers.map(async (d) => (await copilot.reply(d, rowsOf(d.id))).tone));
    expect(tones.every((t) => t.source === "cluster" || t.source === "global")).toBe(true);
    expect(tones.filter((t) => t.tone === "concise").length).toBeGreaterThanOrEqual(6);
    expect((tones[0]?.weights.concise as number) > 0.5).toBe(true);
    await rm(dir, { recursive: true, force: true });
  });

  it("uses the model when configured, and falls back to the templates when it fails", async () => {
    const good: ChatAdapter = {
      model: "m",
      rewrite: async (drafts) => drafts.map((_, i) => `model text ${i}`),
    };
    const bad: ChatAdapter = {
      model: "m",
      rewrite: async () => {
        throw new Error("the Copilot model did not answer within 8000 ms");
      },
    };
    const plain = await new Copilot({ dataDir, manifest, now }).reply(dealer, rowsOf(dealer.id));
    const viaModel = await new Copilot({ dataDir, manifest, now, chat: good }).reply(
      dealer,
      rowsOf(dealer.id),
    );
    expect(viaModel.generator).toEqual({ kind: "model", model: "m" });
    expect(viaModel.messages[0]?.text).toBe("model text 0");
    expect(viaModel.messages.map((m) => m.id)).toEqual(plain.messages.map((m) => m.id));
    const fallback = await new Copilot({ dataDir, manifest, now, chat: bad }).reply(
      dealer,
      rowsOf(dealer.id),
    );
    expect(fallback.generator).toMatchObject({
      kind: "template",
      fallback: expect.stringMatching(/8000 ms/),
    });
    expect(fallback.messages).toEqual(plain.messages);
  });
});

describe("Copilot.rate", () => {
  it("appends a Copilot event the trainer reads, with the message's own tone and mood, once per user", async () => {
    const copilot = new Copilot({ dataDir, manifest, now });
    const reply = await copilot.reply(dealer, rowsOf(dealer.id));
    const message = reply.messages[1] as (typeof reply.messages)[number];
    const { event } = await copilot.rate(
      { messageId: message.id, dealerId: dealer.id, feedback: "up" },
      { userId: "u-1" },
      lookUp,
    );
    expect(event).toMatchObject({
      type: "copilot.explanation",
      dealerId: dealer.id,
      userId: "u-1",
      tone: reply.tone.tone,
      mood: reply.mood.mood,
      kpi: message.kpi,
      feedback: "up",
      messageId: message.id,
      timestamp: "2026-07-01T08:00:00.000Z",
    });
    const lines = (await readFile(join(dataDir, FEEDBACK_FILE), "utf8")).trim().split("\n");
    expect(lines).toHaveLength(1);
    const trained = await trainTone(
      { paths: [join(dataDir, FEEDBACK_FILE)] },
      { floor: 0.1, halfLifeDays: 14 },
    );
    expect(trained.summary.rated).toBe(1);
    expect(trained.model.global.posteriors[reply.tone.tone]?.up).toBe(1);
    await expect(
      copilot.rate(
        { messageId: message.id, dealerId: dealer.id, feedback: "down" },
        { userId: "u-1" },
        lookUp,
      ),
    ).rejects.toMatchObject({ status: 409 });
    expect(await copilot.feedback.ratingsOf("u-1", [message.id, "cm-none"])).toEqual({ [message.id]: "up" });
    expect(await copilot.feedback.ratingsOf("u-2", [message.id])).toEqual({});
    // Another user may rate it; a fresh process knows what was rated before.
    await new Copilot({ dataDir, manifest, now }).rate(
      { messageId: message.id, dealerId: dealer.id, feedback: "down" },
      { userId: "u-2" },
      lookUp,
    );
    await expect(
      new Copilot({ dataDir, manifest, now }).rate(
        { messageId: message.id, dealerId: dealer.id, feedback: "up" },
        { userId: "u-2" },
        lookUp,
      ),
    ).rejects.toMatchObject({ status: 409 });
  });

  it("names a bad field (400), an unknown message or dealer (404)", async () => {
    const copilot = new Copilot({ dataDir, manifest, now });
    await expect(
      copilot.rate(
        { messageId: "cm-0000000000000000", dealerId: dealer.id, feedback: "meh" },
        { userId: "u" },
        lookUp,
      ),
    ).rejects.toMatchObject({
      status: 400,
      message: expect.stringMatching(/feedback: expected "up" or "down"/),
    });
    await expect(
      copilot.rate(
        { messageId: "x", dealerId: dealer.id, feedback: "up", extra: 1 },
        { userId: "u" },
        lookUp,
      ),
    ).rejects.toThrow(/messageId: expected a Copilot message id.*extra: unknown field/);
    await expect(
      copilot.rate(
        { messageId: "cm-0000000000000000", dealerId: dealer.id, feedback: "up" },
        { userId: "u" },
        lookUp,
      ),
    ).rejects.toMatchObject({
      status: 404,
      message: expect.stringMatching(/^messageId: no current Copilot message/),
    });
    await expect(
      copilot.rate(
        { messageId: "cm-0000000000000000", dealerId: "nobody", feedback: "up" },
        { userId: "u" },
        lookUp,
      ),
    ).rejects.toMatchObject({ status: 404 });
  });
});

describe("the meta overviews", () => {
  it("replays the weights week by week; the last point is what the trainer computes from the same events", async () => {
    const copilot = new Copilot({ dataDir, manifest, now });
    const { history, file, events } = await copilot.toneOverview();
    expect(file).toBeNull();
    expect(history.length).toBeGreaterThanOrEqual(8);
    const last = history.at(-1) as (typeof history)[number];
    const direct = await trainTone(
      { paths: [join(dataDir, "copilot-events.json"), join(dataDir, FEEDBACK_FILE)] },
      {
        floor: 0.1,
        halfLifeDays: manifest.scripts.trainToneModel.algorithm?.halfLifeDays,
        clusterOf: (id) => dealers.find((d) => d.id === id)?.segment,
      },
    );
    expect(events).toBe(direct.summary.events);
    for (const [tone, weight] of Object.entries(direct.model.global.weights)) {
      expect(last.weights[tone]).toBeCloseTo(weight, 9);
    }
    for (const point of history) {
      expect(Object.values(point.weights).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      expect(Object.values(point.weights).every((w) => w >= 0.1 - 1e-12)).toBe(true);
      for (const i of Object.values(point.intervals))
        expect(i.lower <= i.mean && i.mean <= i.upper).toBe(true);
    }
    expect(history[0]?.ratings).toBeLessThan(last.ratings);
  });

  it("serves the mood report with the manifest's sentiment target and daily sentiment", async () => {
    const copilot = new Copilot({ dataDir, manifest, now });
    const before = await copilot.moodOverview();
    expect(before.report).toBeNull();
    expect(before.target).toMatchObject({ id: "copilot-positive-sentiment", target: 0.8 });
    expect(before.sentiment.length).toBeGreaterThan(30);
    expect(before.sentiment.every((d) => d.rolling7 === null || (d.rolling7 >= 0 && d.rolling7 <= 1))).toBe(
      true,
    );
    const { moodCommand } = await import("@dai/tone-trainer");
    await moodCommand.run(context({ dataDir }) as never);
    const after = await copilot.moodOverview();
    expect(after.report?.totals.events).toBeGreaterThan(0);
  });
});
