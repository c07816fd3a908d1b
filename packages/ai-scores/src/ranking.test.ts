import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { peerRanks } from "./ranking.js";

describe("peerRanks", () => {
  it("ranks with ties sharing the better rank and gives best 100, worst 0", () => {
    const ranks = peerRanks([70, 50, 70, 90], ["a", "a", "a", "a"]);
    expect(ranks.map((r) => r.rank)).toEqual([2, 4, 2, 1]);
    expect(ranks.map((r) => r.percentile)).toEqual([50, 0, 50, 100]);
    expect(peerRanks([12], ["solo"])[0]).toEqual({ rank: 1, of: 1, percentile: 100 });
  });

  it("matches a brute-force count of lower and equal peers within each group", () => {
    const entry = fc.record({
      score: fc.integer({ min: 0, max: 20 }),
      group: fc.constantFrom("x", "y", "z"),
    });
    fc.assert(
      fc.property(fc.array(entry, { minLength: 1, maxLength: 60 }), (entries) => {
        const ranks = peerRanks(
          entries.map((e) => e.score),
          entries.map((e) => e.group),
        );
        entries.forEach((me, i) => {
          const peers = entries.filter((e) => e.group === me.group);
          const below = peers.filter((p) => p.score < me.score).length;
          const equal = peers.filter((p) => p.score === me.score).length;
          const above = peers.filter((p) => p.score > me.score).length;
          const expected =
            peers.length === 1 ? 100 : (100 * (below + 0.5 * (equal - 1))) / (peers.length - 1);
          expect(ranks[i]?.of).toBe(peers.length);
          expect(ranks[i]?.rank).toBe(above + 1);
          // Percentiles are rounded to one decimal: half a step, plus float slack.
          expect(Math.abs((ranks[i]?.percentile ?? -1) - expected)).toBeLessThanOrEqual(0.05 + 1e-9);
        });
      }),
    );
  });

  it("orders percentiles like scores within a group", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: 2, maxLength: 40 }),
        (scores) => {
          const ranks = peerRanks(
            scores,
            scores.map(() => "g"),
          );
          for (let i = 0; i < scores.length; i++) {
            for (let j = 0; j < scores.length; j++) {
              if ((scores[i] as number) > (scores[j] as number)) {
                expect(ranks[i]?.percentile).toBeGreaterThan(ranks[j]?.percentile as number);
                expect(ranks[i]?.rank).toBeLessThan(ranks[j]?.rank as number);
              }
            }
          }
        },
      ),
    );
  });
});
