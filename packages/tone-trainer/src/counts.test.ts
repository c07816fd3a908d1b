import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FeedbackAccumulator } from "./counts.js";

const DAY = 86_400_000;

describe("FeedbackAccumulator", () => {
  it("decays every event by 2^(−age/halfLife) from the newest one, in any arrival order (rebasing included)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ day: fc.double({ min: 0, max: 1000, noNaN: true }), up: fc.boolean() }), {
          minLength: 1,
          maxLength: 60,
        }),
        fc.constantFrom(1, 14, 90),
        (events, halfLife) => {
          const acc = new FeedbackAccumulator(halfLife);
          for (const e of events) acc.add("d", "t", e.up ? "up" : "down", e.day * DAY);
          const cell = acc.finish().cells.get("d")?.get("t");
          const latest = Math.max(...events.map((e) => e.day));
          const expected = (up: boolean) =>
            events.filter((e) => e.up === up).reduce((s, e) => s + 2 ** (-(latest - e.day) / halfLife), 0);
          expect(Math.abs((cell?.upWeight ?? 0) - expected(true))).toBeLessThanOrEqual(
            1e-9 * Math.max(1, expected(true)),
          );
          expect(Math.abs((cell?.downWeight ?? 0) - expected(false))).toBeLessThanOrEqual(
            1e-9 * Math.max(1, expected(false)),
          );
          expect((cell?.up ?? 0) + (cell?.down ?? 0)).toBe(events.length);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("counts every event fully without a half-life", () => {
    const acc = new FeedbackAccumulator(undefined);
    acc.add("d", "t", "up", 0);
    acc.add("d", "t", "up", 400 * DAY);
    acc.add("d", "t", null, 800 * DAY);
    expect(acc.finish().cells.get("d")?.get("t")).toEqual({
      up: 2,
      down: 0,
      none: 1,
      upWeight: 2,
      downWeight: 0,
    });
  });
});
