import { mulberry32 } from "@dai/core";
import { describe, expect, it } from "vitest";
import { EasterEggBandit, shouldAddQuote } from "./easter-egg.js";
import { chooseTone, pickWeighted } from "./selector.js";

describe("EasterEggBandit", () => {
  it("learns the quote probability users engage with most (simulated engagement, fixed seed)", () => {
    // Engagement peaks at a light touch: a quote now and then helps, too many annoy.
    const engagement = (p: number) => 0.3 + 0.8 * p - 3 * p * p;
    const bandit = new EasterEggBandit();
    const random = mulberry32(5);
    const chosen = new Map<number, number>();
    for (let session = 0; session < 6000; session++) {
      const level = bandit.chooseLevel(random);
      chosen.set(level, (chosen.get(level) ?? 0) + 1);
      bandit.record(level, random() < engagement(level));
    }
    // Best of [0, 0.05, 0.1, 0.2, 0.35] under this curve is 0.1 (0.35 → 0.213 is worst).
    expect(bandit.recommendedProbability).toBe(0.1);
    expect(chosen.get(0.1) as number).toBeGreaterThan(6000 * 0.35);
    expect(chosen.get(0.35) ?? 0).toBeLessThan(6000 * 0.05);
  });

  it("round-trips its state through JSON and validates it", () => {
    const bandit = new EasterEggBandit({ levels: [0, 0.5] });
    bandit.record(0.5, true);
    const copy = new EasterEggBandit(JSON.parse(JSON.stringify(bandit)));
    expect(copy.toJSON()).toEqual({
      levels: [0, 0.5],
      posteriors: [
        { alpha: 1, beta: 1 },
        { alpha: 2, beta: 1 },
      ],
    });
    expect(() => new EasterEggBandit({ levels: [0, 1.5] })).toThrow(/levels\[1\]/);
    expect(() => bandit.record(0.25, true)).toThrow(/unknown easter-egg level 0.25/);
  });

  it("adds a quote with the given probability", () => {
    const random = mulberry32(9);
    let added = 0;
    for (let i = 0; i < 10_000; i++) if (shouldAddQuote(0.2, random)) added++;
    expect(Math.abs(added / 10_000 - 0.2)).toBeLessThan(0.015);
  });
});

describe("weighted tone choice", () => {
  it("draws tones in proportion to the weights file", () => {
    const random = mulberry32(2);
    const weights = { professional: 0.6, friendly: 0.1, concise: 0.3 };
    const counts: Record<string, number> = { professional: 0, friendly: 0, concise: 0 };
    for (let i = 0; i < 20_000; i++) {
      const tone = chooseTone(weights, random);
      counts[tone] = (counts[tone] as number) + 1;
    }
    expect(Math.abs((counts.professional as number) / 20_000 - 0.6)).toBeLessThan(0.015);
    expect(Math.abs((counts.friendly as number) / 20_000 - 0.1)).toBeLessThan(0.01);
    expect(() => pickWeighted([0, 0], random)).toThrow(/positive sum/);
  });
});
