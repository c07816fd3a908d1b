import { describe, expect, it } from "vitest";
import { demoInputs } from "./__tests__/fixtures.js";
import { ScoreStore, type ScoreUpdate } from "./store.js";

const { dealers, rows } = demoInputs(12, 70);
const dates = [...new Set(rows.map((r) => r.date))].sort();
const lastDate = dates.at(-1) as string;

describe("ScoreStore", () => {
  it("reports every dealer as changed on first load and nothing when the inputs are the same", () => {
    const store = new ScoreStore();
    const first = store.setInputs({ dealers, rows });
    expect(first.changed).toHaveLength(12);
    expect(first.version).toBe(1);
    const again = store.setInputs({ dealers, rows: [...rows].reverse() });
    expect(again.changed).toEqual([]);
    expect(again.version).toBe(1);
    expect(again.unchanged).toBe(12);
  });

  it("reports the dealers whose score resource changed when a day of rows arrives, with tags to purge", () => {
    const store = new ScoreStore();
    store.setInputs({ dealers, rows: rows.filter((r) => r.date < lastDate) });
    const before = store.get("dlr-001")?.etag;
    const update = store.appendRows(rows.filter((r) => r.date === lastDate && r.dealerId === "dlr-001"));
    const ids = update.changed.map((c) => c.dealerId);
    expect(ids).toContain("dlr-001");
    const own = update.changed.find((c) => c.dealerId === "dlr-001");
    expect(own?.etag).not.toBe(before);
    expect(own?.tags).toContain("score:dlr-001");
    expect(update.tags).toContain("scores:all");
    expect(store.get("dlr-001")?.score.asOf).toBe(lastDate);
    // Other dealers change only through their ranks: their headline score stays.
    for (const change of update.changed.filter((c) => c.dealerId !== "dlr-001"))
      expect(change.scoreChanged).toBe(false);
  });

  it("replaces a corrected row instead of adding a duplicate", () => {
    const store = new ScoreStore();
    store.setInputs({ dealers, rows });
    const row = rows.find((r) => r.dealerId === "dlr-002" && r.date === lastDate);
    const update = store.appendRows([{ ...(row as (typeof rows)[number]), aiVisibility: 100 }]);
    expect(update.changed.find((c) => c.dealerId === "dlr-002")?.scoreChanged).toBe(true);
    expect(store.get("dlr-002")?.score.history.scores).toHaveLength(70);
  });

  it("notifies subscribers only for updates that changed something, and recomputes Health on new forecasts", () => {
    const store = new ScoreStore();
    const seen: ScoreUpdate[] = [];
    const stop = store.subscribe((u) => seen.push(u));
    store.setInputs({ dealers, rows });
    store.setInputs({ dealers, rows });
    const update = store.setForecastAccuracy({ "dlr-003": 0.92 });
    expect(seen).toHaveLength(2);
    expect(update.changed.map((c) => c.dealerId)).toEqual(["dlr-003"]);
    expect(store.get("dlr-003")?.score.health.missing).toEqual([]);
    stop();
    store.setForecastAccuracy({});
    expect(seen).toHaveLength(2);
  });

  it("reports a removed dealer as changed with a null score", () => {
    const store = new ScoreStore();
    store.setInputs({ dealers, rows });
    const version = store.dataVersion;
    const update = store.setInputs({
      dealers: dealers.slice(1),
      rows: rows.filter((r) => r.dealerId !== "dlr-001"),
    });
    const removed = update.changed.find((c) => c.dealerId === "dlr-001");
    expect(removed).toMatchObject({ score: null, etag: null });
    expect(store.get("dlr-001")).toBeUndefined();
    expect(store.dataVersion).not.toBe(version);
    expect(store.summaries()).toHaveLength(11);
  });

  it("lists the days each score changed for seeding the tuner", () => {
    const store = new ScoreStore();
    store.setInputs({ dealers, rows });
    const times = store.changeTimes("dlr-001", 6);
    expect(times.length).toBeGreaterThan(30);
    expect(new Date(times.at(-1) as number).toISOString()).toBe(`${lastDate}T06:00:00.000Z`);
    expect(store.changeTimes("nobody")).toEqual([]);
  });
});
