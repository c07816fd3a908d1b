import { mulberry32 } from "@dai/core";
import type { FeedbackEvent, ToneWeightsFile } from "@dai/tone-trainer";
import { describe, expect, it } from "vitest";
import { COPILOT_TONES } from "./templates.js";
import { selectTone, sentimentByDay } from "./tone.js";

const DAY = 86_400_000;
const at = (day: number, feedback: "up" | "down" | null): FeedbackEvent => ({
  dealerId: "d",
  tone: "friendly",
  mood: "calm",
  feedback,
  timeMs: Date.UTC(2026, 0, 1) + day * DAY + 3_600_000,
});

describe("sentimentByDay", () => {
  it("gives each rated day its positive share and the 7-day share, skipping days without ratings", () => {
    const events = [
      at(0, "up"),
      at(0, "down"),
      at(1, "up"),
      at(1, null),
      at(2, null),
      at(9, "down"),
      at(60, "up"),
    ];
    const days = sentimentByDay(events);
    expect(days.map((d) => d.date)).toEqual(["2026-01-01", "2026-01-02", "2026-01-10", "2026-03-02"]);
    expect(days[0]).toMatchObject({ up: 1, down: 1, sentiment: 0.5, rolling7: 0.5 });
    expect(days[1]).toMatchObject({ up: 1, down: 0, sentiment: 1, rolling7: 2 / 3 });
    // Day 9's window (days 3–9) holds only its own thumbs down.
    expect(days[2]).toMatchObject({ sentiment: 0, rolling7: 0 });
    expect(sentimentByDay(events, 2).map((d) => d.date)).toEqual(["2026-01-10", "2026-03-02"]);
    expect(sentimentByDay([at(0, null)])).toEqual([]);
  });
});

describe("selectTone", () => {
  it("draws uniformly without a weights file", () => {
    const random = mulberry32(3);
    const counts = new Map<string, number>();
    for (let i = 0; i < 5000; i++) {
      const choice = selectTone(undefined, undefined, 0.1, random);
      expect(choice.source).toBe("uniform");
      counts.set(choice.tone, (counts.get(choice.tone) ?? 0) + 1);
    }
    for (const tone of COPILOT_TONES) expect((counts.get(tone) ?? 0) / 5000).toBeGreaterThan(0.17);
  });

  it("favours the tone the posteriors favour, keeps every tone at the floor, and uses a cluster only when it has data", () => {
    const posteriors = Object.fromEntries(
      COPILOT_TONES.map((t) => [t, t === "concise" ? { alpha: 400, beta: 10 } : { alpha: 100, beta: 100 }]),
    );
    const file = {
      tones: [...COPILOT_TONES],
      weights: Object.fromEntries(COPILOT_TONES.map((t) => [t, t === "concise" ? 0.6 : 0.1])),
      algorithm: { floor: 0.1 },
      posteriors,
      clusters: {
        luxury: {
          fallback: false,
          weights: { professional: 0.6 },
          posteriors: {
            ...posteriors,
            professional: { alpha: 900, beta: 1 },
            concise: { alpha: 1, beta: 900 },
          },
        },
        tiny: { fallback: true, weights: {}, posteriors: {} },
      },
    } as unknown as ToneWeightsFile;
    const random = mulberry32(5);
    const tally = (cluster?: string) => {
      const counts = new Map<string, number>();
      for (let i = 0; i < 5000; i++) {
        const { tone } = selectTone(file, cluster, 0.1, random);
        counts.set(tone, (counts.get(tone) ?? 0) + 1);
      }
      return counts;
    };
    const global = tally();
    expect((global.get("concise") ?? 0) / 5000).toBeGreaterThan(0.55);
    for (const tone of COPILOT_TONES) expect((global.get(tone) ?? 0) / 5000).toBeGreaterThan(0.08);
    expect((tally("luxury").get("professional") ?? 0) / 5000).toBeGreaterThan(0.55);
    expect(selectTone(file, "tiny", 0.1, random)).toMatchObject({ source: "global", cluster: null });
    expect(selectTone(file, "luxury", 0.1, random)).toMatchObject({ source: "cluster", cluster: "luxury" });
  });
});
