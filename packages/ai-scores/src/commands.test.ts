import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type CommandContext, DaiError, silentProgress } from "@dai/core";
import { seedDemoData } from "@dai/demo-data";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scoresCommand, scoresSnapshotCommand } from "./commands.js";
import { SnapshotReader } from "./edge.js";

let dataDir: string;
const context = (options: CommandContext["options"]): CommandContext => ({
  args: [],
  options: { dataDir, ...options },
  json: false,
  progress: silentProgress,
  cwd: process.cwd(),
  env: {},
});

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "ai-scores-"));
  await seedDemoData({ dataDir, dealers: 15, days: 60, copilotDays: 14, endDate: "2026-06-30" });
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

describe("dai scores", () => {
  it("prints the ranked table and returns the page as data", async () => {
    const result = await scoresCommand.run(context({ limit: "5" }));
    const data = result.data as { asOf: string; total: number; items: { score: number }[] };
    expect(data.asOf).toBe("2026-06-30");
    expect(data.total).toBe(15);
    expect(data.items).toHaveLength(5);
    expect(result.text).toContain("AI Visibility scores as of 2026-06-30");
    expect(result.text).toMatch(/Dealer\s+Name\s+Score/);
  });

  it("names the option when it is invalid and the command when data is missing", async () => {
    await expect(scoresCommand.run(context({ sort: "price" }))).rejects.toThrow(/^--sort: expected one of/);
    const missing = scoresCommand.run(context({ dataDir: join(dataDir, "nope") }));
    await expect(missing).rejects.toBeInstanceOf(DaiError);
    await expect(missing).rejects.toThrow(/run `dai seed` first/);
  });

  it("writes a snapshot the edge reader serves", async () => {
    const out = join(dataDir, "snap.json");
    const result = await scoresSnapshotCommand.run(context({ out, historyDays: "14" }));
    expect(result.data).toMatchObject({ path: out, dealers: 15, asOf: "2026-06-30" });
    const reader = new SnapshotReader(await readFile(out, "utf8"));
    expect(reader.detail("dlr-001").status).toBe(200);
    expect(reader.snapshot.dealers[0]?.history.scores).toHaveLength(14);
    await expect(scoresSnapshotCommand.run(context({ historyDays: "0" }))).rejects.toThrow(/--history-days/);
  });
});
