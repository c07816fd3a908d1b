import { describe, expect, it } from "vitest";
import { createQualityGovernor } from "./quality.js";

describe("quality hysteresis", () => {
  it("drops a level only after consecutive poor samples", () => {
    const governor = createQualityGovernor({ downAfter: 2 });
    expect(governor.update(0.7)).toBe("full");
    expect(governor.update(0.95)).toBe("full"); // the streak is broken
    expect(governor.update(0.7)).toBe("full");
    expect(governor.update(0.7)).toBe("reduced");
  });

  it("does not flip-flop on a ratio oscillating around one threshold", () => {
    const governor = createQualityGovernor();
    const levels = new Set<string>();
    for (let i = 0; i < 200; i++) levels.add(governor.update(i % 2 ? 0.89 : 0.91));
    expect([...levels]).toEqual(["full"]);
  });

  it("rises again only after a longer run of good samples above a higher threshold", () => {
    const governor = createQualityGovernor({ downAfter: 2, upAfter: 5 });
    governor.update(0.5);
    governor.update(0.5);
    expect(governor.level).toBe("reduced");
    // 0.95 is above the drop threshold but below fullAbove (0.97): stays reduced.
    for (let i = 0; i < 10; i++) governor.update(0.95);
    expect(governor.level).toBe("reduced");
    for (let i = 0; i < 4; i++) expect(governor.update(1)).toBe("reduced");
    expect(governor.update(1)).toBe("full");
  });

  it("reaches minimal on a persistently weak device and recovers step by step", () => {
    const governor = createQualityGovernor();
    for (let i = 0; i < 4; i++) governor.update(0.4);
    expect(governor.level).toBe("minimal");
    for (let i = 0; i < 5; i++) governor.update(0.85);
    expect(governor.level).toBe("reduced");
    for (let i = 0; i < 5; i++) governor.update(1);
    expect(governor.level).toBe("full");
  });

  it("rejects thresholds that would make the levels overlap", () => {
    expect(() => createQualityGovernor({ reduceBelow: 0.99, fullAbove: 0.95 })).toThrow(/hysteresis/);
  });
});
