import { DaiError } from "@dai/core";
import type { KpiRow } from "@dai/demo-data";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
// @ts-expect-error plain ESM reference implementation shared with the benchmark
import { naiveHistory, naiveScores } from "../bench/naive.mjs";
import { dealer, demoInputs, flatRows } from "./__tests__/fixtures.js";
import { SCORE_MODEL } from "./model.js";
import { computeScores } from "./scoring.js";

const demo = demoInputs(24, 120);

describe("computeScores", () => {
  it("keeps every score, daily history value and component in range on demo data", () => {
    const set = computeScores(demo.dealers, demo.rows);
    expect(set.dealers).toHaveLength(24);
    expect(set.asOf).toBe("2026-06-30");
    for (const s of set.dealers) {
      expect(s.score).toBeGreaterThanOrEqual(0);
      expect(s.score).toBeLessThanOrEqual(100);
      expect(s.history.scores).toHaveLength(120);
      for (const value of s.history.scores) expect(value >= 0 && value <= 100).toBe(true);
      for (const c of s.components) expect(c.value >= 0 && c.value <= 1).toBe(true);
    }
  });

  it("explains the score: weights sum to 1 and component points add up to the score", () => {
    const weights = Object.values(SCORE_MODEL.weights).reduce((a, b) => a + b, 0);
    expect(weights).toBeCloseTo(1, 12);
    for (const s of computeScores(demo.dealers, demo.rows).dealers) {
      const points = s.components.reduce((total, c) => total + c.points, 0);
      expect(Math.abs(points - s.score)).toBeLessThanOrEqual(0.06);
      expect(s.history.scores.at(-1)).toBe(s.score);
    }
  });

  it("agrees with the naive reference on scores, trends and brand/region ranks, whatever the row order", () => {
    const shuffled = [...demo.rows].reverse();
    const fast = computeScores(demo.dealers, shuffled).dealers;
    const naive = naiveScores(demo.dealers, demo.rows) as {
      dealerId: string;
      score: number;
      delta7: number;
      delta28: number;
      brandRank: { rank: number; percentile: number };
      regionRank: { rank: number; percentile: number };
    }[];
    expect(fast.map((s) => s.dealerId)).toEqual(naive.map((s) => s.dealerId));
    fast.forEach((s, i) => {
      const n = naive[i] as (typeof naive)[number];
      expect(s.score).toBeCloseTo(n.score, 5);
      expect(s.trend.delta7).toBeCloseTo(n.delta7, 5);
      expect(s.trend.delta28).toBeCloseTo(n.delta28, 5);
      expect(s.ranks.brand.rank).toBe(n.brandRank.rank);
      expect(s.ranks.brand.percentile).toBe(n.brandRank.percentile);
      expect(s.ranks.region.rank).toBe(n.regionRank.rank);
    });
    const one = demo.dealers[3] as (typeof demo.dealers)[number];
    expect(fast[3]?.history.scores).toEqual(naiveHistory(one, demo.rows));
  });

  it("reports 7- and 28-day trends from the daily history", () => {
    for (const s of computeScores(demo.dealers, demo.rows).dealers) {
      const h = s.history.scores;
      expect(s.trend.score7dAgo).toBe(h[h.length - 8]);
      expect(s.trend.delta28).toBeCloseTo(s.score - (h[h.length - 29] as number), 6);
    }
    const short = computeScores([dealer("a")], flatRows("a", 5)).dealers[0];
    expect(short?.trend).toEqual({ delta7: null, delta28: null, score7dAgo: null, score28dAgo: null });
  });

  it("carries the last score over days without a KPI row so history[i] is always start + i days", () => {
    const rows = flatRows("a", 10).filter((_, i) => i !== 4 && i !== 5);
    const s = computeScores([dealer("a")], rows).dealers[0];
    expect(s?.history.scores).toHaveLength(10);
    expect(s?.history.scores[4]).toBe(s?.history.scores[3]);
  });

  it("never lowers the score when aiVisibility, reviewRating, sentiment or leads go up", () => {
    const field = fc.constantFrom("aiVisibility", "reviewRating", "sentiment", "leads");
    fc.assert(
      fc.property(
        field,
        fc.integer({ min: 0, max: 59 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (key, index, bump) => {
          const rows = flatRows("a", 60, "2026-06-30", { aiVisibility: 40, reviewRating: 3, sentiment: 0.4 });
          rows.forEach((row, i) => {
            row.leads = 10 + (i % 7);
            row.webSessions = 900 + 13 * (i % 5);
          });
          const before = computeScores([dealer("a")], rows).dealers[0]?.history.scores as number[];
          const row = rows[index] as KpiRow;
          const max = { aiVisibility: 100, reviewRating: 5, sentiment: 1, leads: 10_000 }[key];
          row[key] = Math.min(max, row[key] + bump * (key === "leads" ? 200 : max / 2));
          const after = computeScores([dealer("a")], rows).dealers[0]?.history.scores as number[];
          for (const [i, value] of after.entries()) expect(value).toBeGreaterThanOrEqual(before[i] as number);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("stays within 0–100 for any valid KPI values", () => {
    const row = fc.record({
      aiVisibility: fc.double({ min: 0, max: 100, noNaN: true }),
      leads: fc.nat({ max: 100_000 }),
      webSessions: fc.nat({ max: 1_000_000 }),
      reviewRating: fc.double({ min: 1, max: 5, noNaN: true }),
      sentiment: fc.double({ min: 0, max: 1, noNaN: true }),
    });
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 70 }), (values) => {
        const rows = flatRows("a", values.length).map((r, i) => ({ ...r, ...values[i] }));
        const s = computeScores([dealer("a")], rows).dealers[0];
        for (const v of s?.history.scores ?? []) expect(v >= 0 && v <= 100).toBe(true);
        expect((s?.health.value ?? 0) >= 0 && (s?.health.value ?? 0) <= 100).toBe(true);
      }),
      { numRuns: 80 },
    );
  });

  it("uses forecast accuracy in the Health index when given, and says it is missing otherwise", () => {
    const without = computeScores(demo.dealers, demo.rows).dealers[0];
    expect(without?.health.missing).toEqual(["forecastAccuracy"]);
    const id = demo.dealers[0]?.id as string;
    const withIt = computeScores(demo.dealers, demo.rows, { forecastAccuracy: new Map([[id, 0.9]]) })
      .dealers[0];
    expect(withIt?.health.missing).toEqual([]);
    expect(withIt?.health.inputs.find((i) => i.key === "forecastAccuracy")?.value).toBe(0.9);
  });

  it("trims history to historyDays and lists dealers without rows", () => {
    const two = demo.dealers.slice(0, 2);
    const rows = demo.rows.filter((r) => two.some((d) => d.id === r.dealerId));
    const set = computeScores([...two, dealer("empty")], rows, { historyDays: 30 });
    expect(set.withoutData).toEqual(["empty"]);
    expect(set.dealers[0]?.history.scores).toHaveLength(30);
    expect(set.dealers[0]?.history.start).toBe("2026-06-01");
  });

  it("rejects bad rows with a 422 naming the row index and field", () => {
    const rows = flatRows("a", 3);
    const bad = (patch: Partial<KpiRow>, index = 1) => {
      const copy = rows.map((r) => ({ ...r }));
      Object.assign(copy[index] as KpiRow, patch);
      try {
        computeScores([dealer("a")], copy);
      } catch (error) {
        expect(error).toBeInstanceOf(DaiError);
        expect((error as DaiError).status).toBe(422);
        return (error as DaiError).message;
      }
      throw new Error("expected an error");
    };
    expect(bad({ sentiment: 1.5 })).toMatch(/^rows\[1\]\.sentiment: expected a number from 0 to 1/);
    expect(bad({ dealerId: "zzz" })).toMatch(/^rows\[1\]\.dealerId: unknown dealer "zzz"/);
    expect(bad({ date: "2026-02-30" })).toMatch(/^rows\[1\]\.date: expected a YYYY-MM-DD date/);
    expect(bad({ date: rows[0]?.date as string })).toMatch(/duplicate row for dealer a/);
    expect(() => computeScores([dealer("a"), dealer("a")], [])).toThrow(
      /dealers\[1\]\.id: duplicate dealer id/,
    );
  });
});
