import { describe, expect, it } from "vitest";
import type { CopilotEventInput, KpiDay } from "./demo-input.js";
import { extractFeatures, FEATURE_NAMES, FEATURES } from "./features.js";

const dealers = [
  { id: "a", brand: "BMW", region: "West" },
  { id: "b", brand: "Ford", region: "West" },
];
const kpi = (date: string, aiVisibility: number, leads: number, webSessions: number): KpiDay => ({
  dealerId: "a",
  date,
  aiVisibility,
  leads,
  webSessions,
  reviewRating: 4,
  sentiment: 0.5,
});
const ev = (tone: string, mood: string, feedback: "up" | "down" | null): CopilotEventInput => ({
  dealerId: "a",
  userId: "u1",
  timestamp: "2026-01-02T10:00:00Z",
  tone,
  mood,
  feedback,
});

describe("extractFeatures", () => {
  const window = {
    eventsFrom: Date.parse("2026-01-01"),
    eventsTo: Date.parse("2026-01-11"),
    kpisFrom: Date.parse("2026-01-01"),
    kpisTo: Date.parse("2026-01-11"),
  };
  const kpis = [
    kpi("2026-01-02", 40, 10, 100),
    kpi("2026-01-03", 43, 30, 300),
    kpi("2026-01-31", 99, 99, 999),
  ];
  const events = [
    ev("friendly", "calm", "up"),
    ev("friendly", "calm", "down"),
    ev("concise", "upbeat", null),
    ev("weird", "calm", "up"),
  ];
  const x = extractFeatures(dealers, kpis, events, window);
  const value = (row: number, name: string) => x[row * FEATURES.length + FEATURE_NAMES.indexOf(name)];

  it("documents every feature and fills a fixed-width row per dealer", () => {
    expect(x).toHaveLength(2 * FEATURES.length);
    expect(FEATURES.every((f) => f.description.length > 10)).toBe(true);
    expect(new Set(FEATURE_NAMES).size).toBe(FEATURES.length);
  });

  it("computes the Copilot features from the window's events", () => {
    expect(value(0, "copilot.eventsPerDay")).toBeCloseTo(0.4);
    expect(value(0, "copilot.ratedShare")).toBeCloseTo(0.75);
    expect(value(0, "copilot.upRate")).toBeCloseTo(3 / 5);
    expect(value(0, "copilot.toneShare.friendly")).toBeCloseTo(0.5);
    // friendly: 1 up of 2 rated, shrunk with 5 pseudo-events at the dealer's 0.6 → (1 + 3) / 7.
    expect(value(0, "copilot.upRate.friendly")).toBeCloseTo(4 / 7);
    expect(value(0, "copilot.upRate.professional")).toBeCloseTo(0.6);
  });

  it("computes the KPI profile only from rows inside the window", () => {
    expect(value(0, "kpi.aiVisibility.mean")).toBeCloseTo(41.5);
    expect(value(0, "kpi.aiVisibility.trend")).toBeCloseTo(90);
    expect(value(0, "kpi.leads.conversion")).toBeCloseTo(0.1);
    expect(value(0, "kpi.webSessions.cv")).toBeCloseTo(0.5);
  });

  it("gives a dealer without any data neutral, finite values", () => {
    const row = Array.from(x.subarray(FEATURES.length));
    expect(row.every(Number.isFinite)).toBe(true);
    expect(value(1, "copilot.upRate")).toBeCloseTo(0.5);
    expect(value(1, "kpi.webSessions.logMean")).toBe(0);
  });
});
