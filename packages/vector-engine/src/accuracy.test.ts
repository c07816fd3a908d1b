import { describe, expect, it } from "vitest";
import { evaluateRecommendations, recommendTones, wilson } from "./accuracy.js";
import type { CopilotEventInput } from "./demo-input.js";

const day = (d: number) => new Date(Date.UTC(2026, 0, d, 12)).toISOString();
const event = (
  dealerId: string,
  d: number,
  tone: string,
  feedback: "up" | "down" | null,
): CopilotEventInput => ({
  dealerId,
  timestamp: day(d),
  tone,
  mood: "calm",
  feedback,
});

describe("recommendTones", () => {
  it("recommends the tone with the best posterior mean per cluster", () => {
    const events = [
      event("a", 1, "friendly", "up"),
      event("a", 1, "friendly", "up"),
      event("b", 1, "concise", "down"),
      event("c", 1, "professional", "up"),
      event("c", 1, "friendly", "down"),
      event("c", 1, "friendly", null),
    ];
    const recs = recommendTones(
      events,
      new Map([
        ["a", 0],
        ["b", 0],
        ["c", 1],
      ]),
      0,
      Date.parse(day(2)),
    );
    expect(recs.get(0)?.recommended).toBe("friendly");
    expect(recs.get(0)?.approval.friendly).toBeCloseTo(3 / 4);
    expect(recs.get(0)?.approval.concise).toBeCloseTo(1 / 3);
    expect(recs.get(1)?.recommended).toBe("professional");
    expect(recs.get(1)?.rated.friendly).toBe(1);
  });
});

describe("evaluateRecommendations", () => {
  it("scores the held-out rated events whose tone was the recommended one", () => {
    const clusterOf = new Map([["a", 0]]);
    const events = [
      event("a", 1, "friendly", "up"),
      event("a", 10, "friendly", "up"),
      event("a", 10, "friendly", "down"),
      event("a", 11, "friendly", "up"),
      event("a", 11, "concise", "up"),
      event("a", 12, "friendly", null),
    ];
    const from = Date.parse(day(5));
    const recs = recommendTones(events, clusterOf, 0, from);
    const result = evaluateRecommendations(events, clusterOf, recs, from, Date.parse(day(20)), 0.9);
    expect(result.matched).toBe(3);
    expect(result.matchedUp).toBe(2);
    expect(result.accuracy).toBeCloseTo(2 / 3);
    expect(result.baseline).toBeCloseTo(3 / 4);
    expect(result.heldOutRated).toBe(4);
    expect(result.ceiling).toBe(1);
    expect(result.meetsTarget).toBe(false);
    expect(result.interval?.[0]).toBeLessThan(2 / 3);
  });

  it("reports null accuracy (not 0 or NaN) when nothing in the window matches", () => {
    const result = evaluateRecommendations([], new Map(), new Map(), 0, 1, 0.9);
    expect(result.accuracy).toBeNull();
    expect(result.meetsTarget).toBeNull();
    expect(result.baseline).toBeNull();
  });
});

describe("wilson", () => {
  it("matches the textbook interval for 8 of 10", () => {
    const [low, high] = wilson(8, 10);
    expect(low).toBeCloseTo(0.4902, 3);
    expect(high).toBeCloseTo(0.9433, 3);
  });
});
