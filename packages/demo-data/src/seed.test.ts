import { createHash } from "node:crypto";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { silentProgress } from "@dai/core";
import { beforeAll, describe, expect, it } from "vitest";
import { seedCommand } from "./commands.js";
import type { CopilotEvent } from "./copilot.js";
import type { Dealer } from "./dealers.js";
import type { KpiRow } from "./kpis.js";
import { DEMO_FILES, seedDemoData } from "./seed.js";

async function hashes(dir: string) {
  const out: Record<string, string> = {};
  for (const file of Object.values(DEMO_FILES)) {
    out[file] = createHash("sha256")
      .update(await readFile(join(dir, file)))
      .digest("hex");
  }
  return out;
}

const newDir = () => mkdtemp(join(tmpdir(), "dai-seed-"));

describe("seedDemoData", () => {
  let dir: string;
  let dealers: Dealer[];
  let rows: KpiRow[];
  let events: CopilotEvent[];

  beforeAll(async () => {
    dir = await newDir();
    await seedDemoData({ dataDir: dir, endDate: "2026-11-24" });
    dealers = JSON.parse(await readFile(join(dir, DEMO_FILES.dealers), "utf8"));
    rows = (await readFile(join(dir, DEMO_FILES.kpis), "utf8"))
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line));
    events = JSON.parse(await readFile(join(dir, DEMO_FILES.copilotEvents), "utf8"));
  });

  it("is byte-identical for the same seed and end date, and differs for another seed", async () => {
    const options = { dealers: 40, days: 120, endDate: "2026-11-24" };
    const [first, again, other] = [await newDir(), await newDir(), await newDir()];
    await seedDemoData({ dataDir: first, ...options });
    await seedDemoData({ dataDir: again, ...options });
    await seedDemoData({ dataDir: other, ...options, seed: 7 });
    expect(await hashes(again)).toEqual(await hashes(first));
    expect((await hashes(other))[DEMO_FILES.kpis]).not.toBe((await hashes(first))[DEMO_FILES.kpis]);
  });

  it("writes 200 dealers across brands, regions and time zones with two years of daily KPIs each", () => {
    expect(dealers).toHaveLength(200);
    expect(new Set(dealers.map((d) => d.brand)).size).toBeGreaterThanOrEqual(10);
    expect(new Set(dealers.map((d) => d.region)).size).toBe(5);
    expect(new Set(dealers.map((d) => d.timezone)).size).toBeGreaterThanOrEqual(4);
    expect(rows).toHaveLength(200 * 730);
    expect(rows[0]?.date).toBe("2024-11-25");
    expect(rows.at(-1)?.date).toBe("2026-11-24");
  });

  it("keeps every KPI inside its range", () => {
    const outOfRange = rows.filter(
      (row) =>
        row.aiVisibility < 0 ||
        row.aiVisibility > 100 ||
        row.reviewRating < 1 ||
        row.reviewRating > 5 ||
        row.sentiment < 0 ||
        row.sentiment > 1 ||
        !Number.isInteger(row.leads) ||
        row.leads < 0,
    );
    expect(outOfRange).toEqual([]);
  });

  it("has weekly seasonality, holiday closures and sales events", () => {
    const mean = (filter: (row: KpiRow) => boolean, key: "webSessions" | "leads") => {
      const picked = rows.filter(filter);
      return picked.reduce((sum, row) => sum + row[key], 0) / picked.length;
    };
    const weekday = (row: KpiRow) => new Date(`${row.date}T00:00:00Z`).getUTCDay();
    expect(mean((r) => weekday(r) === 6, "webSessions")).toBeGreaterThan(
      1.2 * mean((r) => weekday(r) === 0, "webSessions"),
    );
    expect(mean((r) => weekday(r) === 0, "leads")).toBeLessThan(0.7 * mean((r) => weekday(r) === 3, "leads"));
    const thanksgiving = mean((r) => r.date === "2025-11-27", "leads");
    const blackFriday = mean((r) => r.date === "2025-11-28", "leads");
    expect(thanksgiving).toBeLessThan(0.3 * blackFriday);
  });

  it("records Copilot feedback at a realistic rate, with tone preferences that differ by segment", () => {
    expect(events.length).toBeGreaterThan(20_000);
    const rated = events.filter((e) => e.feedback !== null);
    expect(rated.length / events.length).toBeGreaterThan(0.35);
    expect(rated.length / events.length).toBeLessThan(0.45);
    const segmentOf = new Map(dealers.map((d) => [d.id, d.segment]));
    const approval = (segment: string, tone: string) => {
      const picked = rated.filter((e) => segmentOf.get(e.dealerId) === segment && e.tone === tone);
      return picked.filter((e) => e.feedback === "up").length / picked.length;
    };
    expect(approval("luxury", "professional")).toBeGreaterThan(approval("luxury", "enthusiastic") + 0.15);
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
  });
});

describe("dai seed", () => {
  const run = (options: Record<string, string | boolean>) =>
    seedCommand.run({
      args: [],
      options,
      json: false,
      progress: silentProgress,
      cwd: process.cwd(),
      env: {},
    });

  it("keeps an already seeded data dir unless --force", async () => {
    const dataDir = await newDir();
    const first = await run({ dataDir, dealers: "5", days: "30", endDate: "2026-01-31" });
    expect(first.data).toMatchObject({ seeded: true, dealers: 5, kpiRows: 150 });
    const second = await run({ dataDir, dealers: "5", days: "30" });
    expect(second.text).toContain("already seeded");
    const forced = await run({ dataDir, dealers: "3", days: "30", force: true, endDate: "2026-01-31" });
    expect(forced.data).toMatchObject({ seeded: true, dealers: 3 });
  });

  it("names the option in a bad-input error", async () => {
    const dataDir = await newDir();
    await expect(run({ dataDir, dealers: "many" })).rejects.toThrow(
      '--dealers: expected an integer from 1 to 5000, got "many"',
    );
    await expect(run({ dataDir, endDate: "2026-13-45" })).rejects.toThrow("--end-date: expected YYYY-MM-DD");
  });
});
