import { describe, expect, it } from "vitest";
import { createFrameSampler, estimateRefreshRate, snapRefreshRate } from "./sampler.js";

/** Feeds frame intervals to a sampler and returns every sample it produced. */
function feed(intervals: readonly number[], options = {}) {
  const sampler = createFrameSampler(options);
  const samples = [];
  let t = 1000;
  sampler.frame(t);
  for (const interval of intervals) {
    t += interval;
    const sample = sampler.frame(t);
    if (sample) samples.push(sample);
  }
  return { samples, sampler };
}

const frames = (count: number, ms: number) => Array.from({ length: count }, () => ms);

describe("frame sampler", () => {
  it("measures 60 fps on a 60 Hz display that keeps up", () => {
    const { samples } = feed(frames(180, 1000 / 60));
    expect(samples.length).toBeGreaterThanOrEqual(2);
    for (const s of samples) {
      expect(s.refreshHz).toBe(60);
      expect(s.fps).toBeCloseTo(60, 0);
      expect(s.ratio).toBeGreaterThan(0.99);
    }
  });

  it("recognises a 120 Hz display and a page achieving only half of it", () => {
    // Every other frame is missed: intervals alternate 8.33 / 16.67 ms after a short fluent start.
    const intervals = [
      ...frames(30, 1000 / 120),
      ...Array.from({ length: 200 }, (_, i) => (i % 2 ? 1000 / 120 : 2000 / 120)),
    ];
    const { samples } = feed(intervals);
    const last = samples.at(-1);
    expect(last?.refreshHz).toBe(120);
    expect(last?.fps).toBeGreaterThan(75);
    expect(last?.fps).toBeLessThan(85);
  });

  it("does not count a tab switch (a multi-second gap) as a slow frame", () => {
    const { samples } = feed([...frames(60, 1000 / 60), 5000, ...frames(120, 1000 / 60)]);
    for (const s of samples) expect(s.fps).toBeGreaterThan(59);
  });

  it("caps a single long frame so one hiccup costs little", () => {
    const { samples } = feed([...frames(30, 1000 / 60), 400, ...frames(40, 1000 / 60)], { maxFrameMs: 100 });
    // 71 frames over 30·16.7 + 100 + 40·16.7 ms ≈ 1267 ms → ~56 fps, where uncapped it would be ~45.
    expect(samples[0]?.fps).toBeGreaterThan(54);
    expect(samples[0]?.fps).toBeLessThan(58);
  });

  it("forgets the running segment after pause()", () => {
    const sampler = createFrameSampler();
    sampler.frame(0);
    sampler.frame(16);
    sampler.pause();
    // The next frame only restarts timing: no interval (and no sample) comes from it.
    expect(sampler.frame(300)).toBeUndefined();
  });
});

describe("refresh-rate estimate", () => {
  it("snaps near-common rates and keeps others as measured", () => {
    expect(snapRefreshRate(59.2)).toBe(60);
    expect(snapRefreshRate(143)).toBe(144);
    expect(snapRefreshRate(37)).toBe(37);
  });

  it("uses the fast frames, not the average, and needs a few frames first", () => {
    expect(estimateRefreshRate([16.7, 16.7])).toBeNull();
    const busy = [...frames(20, 1000 / 60), ...frames(60, 50)];
    expect(estimateRefreshRate(busy)).toBe(60);
  });
});
