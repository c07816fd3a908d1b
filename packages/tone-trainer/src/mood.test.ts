import { describe, expect, it } from "vitest";
import { MoodAccumulator, moodReport } from "./mood.js";

const target = {
  id: "copilot-positive-sentiment",
  target: 0.8,
  label: "> 0.8",
  meets: (v: number) => v > 0.8,
};

function accumulate(spec: Record<string, [up: number, down: number, unrated: number]>) {
  const acc = new MoodAccumulator();
  let t = Date.UTC(2026, 0, 1);
  for (const [mood, [up, down, unrated]] of Object.entries(spec)) {
    const add = (feedback: "up" | "down" | null, n: number) => {
      for (let i = 0; i < n; i++) {
        t += 1000;
        acc.add({ dealerId: "d", tone: "friendly", mood, feedback, timeMs: t });
      }
    };
    add("up", up);
    add("down", down);
    add(null, unrated);
  }
  return acc;
}

describe("moodReport", () => {
  it("computes distribution, positive/negative ratio per mood, overall sentiment and top mood exactly", () => {
    const acc = accumulate({
      calm: [30, 10, 60],
      upbeat: [45, 5, 50],
      concerned: [20, 20, 10],
      witty: [2, 0, 0],
    });
    const report = moodReport(acc.counts(), { target });
    expect(report.totals).toEqual({ events: 252, up: 97, down: 35, unrated: 120 });
    expect(report.distribution.calm).toBeCloseTo(100 / 252, 15);
    expect(report.distribution.focused).toBe(0);
    expect(report.moods.calm).toMatchObject({
      up: 30,
      down: 10,
      positiveShare: 0.75,
      positiveNegativeRatio: 3,
    });
    expect(report.moods.witty).toMatchObject({ positiveShare: 1, positiveNegativeRatio: null });
    expect(report.moods.focused?.positiveShare).toBeNull();
    expect(report.overallSentiment).toBeCloseTo(97 / 132, 15);
    // witty is 100% positive but on 2 ratings: too few to be the top mood.
    expect(report.topMood).toEqual({ mood: "upbeat", positiveShare: 0.9, ratings: 50 });
    expect(report.target?.met).toBe(false);
    expect(report.recommendations.join("\n")).toMatch(/short of the > 0\.8 target/);
    expect(report.recommendations.join("\n")).toMatch(/"concerned" lands below average/);
    expect(report.recommendations.join("\n")).toMatch(/"witty" has only 2 ratings/);
  });

  it("reports the trend against a previous report", () => {
    const previous = moodReport(accumulate({ calm: [30, 10, 0], upbeat: [10, 10, 0] }).counts(), { target });
    const report = moodReport(accumulate({ calm: [30, 10, 0], upbeat: [45, 5, 0] }).counts(), {
      target,
      previous,
    });
    expect(report.trend?.overallSentiment.previous).toBeCloseTo(40 / 60, 15);
    expect(report.trend?.overallSentiment.delta).toBeCloseTo(75 / 90 - 40 / 60, 15);
    expect(report.trend?.moods.upbeat?.positiveShareDelta).toBeCloseTo(0.4, 15);
    expect(report.trend?.topMood).toEqual({ previous: "calm", current: "upbeat", changed: true });
  });

  it("says so when nothing is rated", () => {
    const report = moodReport(accumulate({ calm: [0, 0, 5] }).counts(), { target });
    expect(report.overallSentiment).toBeNull();
    expect(report.target?.met).toBeNull();
    expect(report.recommendations[0]).toMatch(/No rated Copilot explanations/);
  });
});
