import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BOUNDS } from "./__tests__/fixtures.js";
import { TtlTuner } from "./ttl-tuner.js";

const MINUTE = 60_000;
const DAY = 86_400_000;

function simulate(intervalMs: number, changes: number, readsPerMinute = 0) {
  const tuner = new TtlTuner({ bounds: BOUNDS, clock: () => 0 });
  let now = 0;
  tuner.recordRead("r", "miss", now);
  for (let i = 1; i <= changes; i++) {
    const next = i * intervalMs;
    if (readsPerMinute > 0) {
      for (let t = now; t < next; t += MINUTE / readsPerMinute) tuner.recordRead("r", "hit", t);
    }
    now = next;
    tuner.recordChange("r", now);
  }
  return { tuner, now };
}

describe("TtlTuner", () => {
  it("gives a resource that changes daily the manifest's maximum TTL, and says the bound cut it", () => {
    const { tuner, now } = simulate(DAY, 5);
    const decision = tuner.decide("r", now + 3_600_000);
    expect(decision.ttlSeconds).toBe(BOUNDS.maxTtlSeconds);
    expect(decision.boundHit).toBe("max");
    expect(decision.reasons.medianIntervalSeconds).toBe(86_400);
    expect(decision.swrSeconds).toBe(BOUNDS.staleWhileRevalidateSeconds);
    expect(decision.explanation).toContain("capped by the manifest max TTL");
  });

  it("gives a resource that changes every minute a short TTL near the minimum", () => {
    const { tuner, now } = simulate(MINUTE, 120);
    const decision = tuner.decide("r", now + 10_000);
    expect(decision.ttlSeconds).toBeGreaterThanOrEqual(BOUNDS.minTtlSeconds);
    expect(decision.ttlSeconds).toBeLessThanOrEqual(10);
    expect(decision.changesPerHour).toBeGreaterThan(55);
    expect(decision.reasons.recentIntervalsSeconds.every((s) => s === 60)).toBe(true);
  });

  it("orders TTLs by change interval: hourly sits between minutely and daily", () => {
    const minutely = simulate(MINUTE, 60).tuner.decide("r", 61 * MINUTE).ttlSeconds;
    const hourly = simulate(60 * MINUTE, 24).tuner.decide("r", 24 * 60 * MINUTE + 1000).ttlSeconds;
    expect(minutely).toBeLessThan(hourly);
    expect(hourly).toBeLessThan(BOUNDS.maxTtlSeconds);
  });

  it("gives a hot resource a longer TTL than a cold one that changes as often", () => {
    const cold = simulate(20 * MINUTE, 10, 0);
    const hot = simulate(20 * MINUTE, 10, 120);
    const coldDecision = cold.tuner.decide("r", cold.now);
    const hotDecision = hot.tuner.decide("r", hot.now);
    expect(hotDecision.reasons.readsPerMinute).toBeGreaterThan(100);
    expect(hotDecision.reasons.heat).toBe(2);
    expect(hotDecision.ttlSeconds).toBeGreaterThan(coldDecision.ttlSeconds);
  });

  it("estimates reads per minute from a steady read rate", () => {
    const tuner = new TtlTuner({ bounds: BOUNDS, clock: () => 0 });
    for (let t = 0; t < 60 * MINUTE; t += 2000) tuner.recordRead("r", "hit", t);
    expect(tuner.decide("r", 60 * MINUTE).reasons.readsPerMinute).toBeCloseTo(30, -0.5);
  });

  it("lengthens the TTL of a resource that stops changing", () => {
    const { tuner, now } = simulate(5 * MINUTE, 20);
    const right = tuner.decide("r", now).ttlSeconds;
    const later = tuner.decide("r", now + 6 * 3_600_000).ttlSeconds;
    expect(later).toBeGreaterThan(right);
  });

  it("counts a tag purge as a change only when the next ETag differs, at the purge time", () => {
    const tuner = new TtlTuner({ bounds: BOUNDS, clock: () => 0 });
    tuner.registerTags("list", ["scores:all"], 0);
    tuner.observeVersion("list", '"a"', 0);
    expect(tuner.recordTagPurge(["scores:all"], 1000)).toEqual(["list"]);
    expect(tuner.observeVersion("list", '"a"', 5000)).toBe(false);
    expect(tuner.decide("list", 6000).reasons.changesObserved).toBe(0);
    tuner.recordTagPurge(["scores:all"], 7000);
    expect(tuner.observeVersion("list", '"b"', 9000)).toBe(true);
    tuner.recordTagPurge(["scores:all"], 17_000);
    tuner.observeVersion("list", '"c"', 20_000);
    expect(tuner.decide("list", 20_000).reasons.recentIntervalsSeconds).toEqual([10]);
  });

  it("starts informed from seeded change history", () => {
    const tuner = new TtlTuner({ bounds: BOUNDS, clock: () => 0 });
    const week = Array.from({ length: 8 }, (_, i) => i * DAY);
    tuner.seedChanges("r", week, 7 * DAY + 1000);
    const decision = tuner.decide("r", 7 * DAY + 1000);
    expect(decision.reasons.changesObserved).toBe(8);
    expect(decision.ttlSeconds).toBe(BOUNDS.maxTtlSeconds);
  });

  it("keeps TTL and SWR within the bounds for any change and read process", () => {
    const bounds = fc
      .record({
        minTtlSeconds: fc.integer({ min: 0, max: 600 }),
        span: fc.integer({ min: 0, max: 7200 }),
        staleWhileRevalidateSeconds: fc.integer({ min: 0, max: 300 }),
      })
      .map(({ span, ...b }) => ({ ...b, maxTtlSeconds: b.minTtlSeconds + span }));
    const event = fc.record({ gapMs: fc.integer({ min: 0, max: 2 * DAY }), change: fc.boolean() });
    fc.assert(
      fc.property(bounds, fc.array(event, { maxLength: 80 }), (b, events) => {
        const tuner = new TtlTuner({ bounds: b, clock: () => 0 });
        let now = 0;
        for (const e of events) {
          now += e.gapMs;
          if (e.change) tuner.recordChange("r", now);
          else tuner.recordRead("r", "miss", now);
          const d = tuner.decide("r", now);
          expect(Number.isInteger(d.ttlSeconds) && Number.isInteger(d.swrSeconds)).toBe(true);
          expect(d.ttlSeconds).toBeGreaterThanOrEqual(b.minTtlSeconds);
          expect(d.ttlSeconds).toBeLessThanOrEqual(b.maxTtlSeconds);
          expect(d.swrSeconds).toBeGreaterThanOrEqual(0);
          expect(d.swrSeconds).toBeLessThanOrEqual(b.staleWhileRevalidateSeconds);
        }
      }),
      { numRuns: 150 },
    );
  });

  it("refuses inverted bounds and a staleness target outside (0, 1)", () => {
    expect(() => new TtlTuner({ bounds: { ...BOUNDS, minTtlSeconds: 10, maxTtlSeconds: 5 } })).toThrow(
      /minTtlSeconds/,
    );
    expect(() => new TtlTuner({ bounds: BOUNDS, stalenessTarget: 1 })).toThrow(/stalenessTarget/);
  });

  it("forgets the least recently read resources beyond maxResources", () => {
    const tuner = new TtlTuner({ bounds: BOUNDS, maxResources: 20, clock: () => 0 });
    for (let i = 0; i < 25; i++) tuner.recordRead(`r${i}`, "miss", i * 1000);
    const kept = tuner.decisions(30_000).map((d) => d.resource);
    expect(kept.length).toBeLessThanOrEqual(20);
    expect(kept).toContain("r24");
    expect(kept).not.toContain("r0");
  });

  it("lists decisions most-read first with per-resource hit ratios", () => {
    const tuner = new TtlTuner({ bounds: BOUNDS, clock: () => 0 });
    tuner.recordRead("cold", "miss", 0);
    for (let i = 0; i < 4; i++) tuner.recordRead("hot", i === 0 ? "miss" : "hit", i * 1000);
    const [first, second] = tuner.decisions(5000);
    expect(first?.resource).toBe("hot");
    expect(first?.hitRatio).toBe(0.75);
    expect(second?.hitRatio).toBe(0);
  });
});
