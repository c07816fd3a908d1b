import { describe, expect, it } from "vitest";
import { durationFor, entrance, planMotion, scaledDuration } from "./mapping.js";

const range = { min: 600, max: 1200 };

describe("duration mapping", () => {
  it("maps full speed to the minimum and half speed or worse to the maximum", () => {
    expect(durationFor(1, range)).toBe(600);
    expect(durationFor(0.5, range)).toBe(1200);
    expect(durationFor(0.1, range)).toBe(1200);
    expect(durationFor(0.75, range)).toBe(900);
  });

  it("stays inside the range for any input, including nonsense", () => {
    for (const ratio of [-1, 0, 0.33, 0.9, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      const ms = durationFor(ratio, range);
      expect(ms).toBeGreaterThanOrEqual(600);
      expect(ms).toBeLessThanOrEqual(1200);
    }
  });

  it("rejects an inverted range with a message naming the field", () => {
    expect(() => durationFor(1, { min: 1200, max: 600 })).toThrow(/durationRangeMs/);
  });

  it("animates fewer properties on weaker quality levels", () => {
    expect(planMotion({ quality: "full", ratio: 1, reducedMotion: false }).properties).toEqual([
      "opacity",
      "translate",
      "scale",
    ]);
    expect(planMotion({ quality: "reduced", ratio: 0.8, reducedMotion: false }).properties).toEqual([
      "opacity",
      "translate",
    ]);
    expect(planMotion({ quality: "minimal", ratio: 0.5, reducedMotion: false }).properties).toEqual([
      "opacity",
    ]);
  });

  it("lets prefers-reduced-motion win over any measurement", () => {
    const plan = planMotion({ quality: "full", ratio: 1, reducedMotion: true });
    expect(plan).toEqual({ quality: "off", durationMs: 0, properties: [] });
    expect(entrance(plan)).toEqual({ initial: {}, animate: {} });
    expect(scaledDuration(plan, 1.5)).toBe(0);
  });

  it("builds entrance keyframes from the allowed properties only", () => {
    const minimal = planMotion({ quality: "minimal", ratio: 0.5, reducedMotion: false });
    expect(entrance(minimal)).toEqual({ initial: { opacity: 0 }, animate: { opacity: 1 } });
    const full = planMotion({ quality: "full", ratio: 1, reducedMotion: false });
    expect(entrance(full, 8)).toEqual({
      initial: { opacity: 0, transform: "translateY(8px) scale(0.985)" },
      animate: { opacity: 1, transform: "translateY(0px) scale(1)" },
    });
    const reduced = planMotion({ quality: "reduced", ratio: 0.8, reducedMotion: false });
    expect(entrance(reduced, 8).initial).toEqual({ opacity: 0, transform: "translateY(8px)" });
  });

  it("scales durations for smaller elements but keeps them in range", () => {
    const plan = planMotion({ quality: "full", ratio: 1, reducedMotion: false });
    expect(scaledDuration(plan, 0.5, range)).toBe(600);
    expect(scaledDuration(plan, 1.5, range)).toBe(900);
    expect(scaledDuration(plan, 5, range)).toBe(1200);
  });
});
