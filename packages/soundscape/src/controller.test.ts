import { describe, expect, it } from "vitest";
import {
  createSoundscapeController,
  equalPowerGains,
  MOODS,
  STEMS,
  smoothToward,
  targetGains,
  targetPosition,
} from "./controller.js";

const power = (g: Record<string, number>) => STEMS.reduce((sum, stem) => sum + (g[stem] ?? 0) ** 2, 0);

describe("equal-power cross-fade", () => {
  it("plays one stem alone at each anchor", () => {
    expect(equalPowerGains(0)).toEqual({ calm: 1, focus: 0, alert: 0 });
    expect(equalPowerGains(0.5)).toEqual({ calm: 0, focus: 1, alert: 0 });
    expect(equalPowerGains(1)).toEqual({ calm: 0, focus: 0, alert: 1 });
  });

  it("keeps total power at 1 across the whole axis (a linear fade would dip to 0.5)", () => {
    for (let i = 0; i <= 100; i++) expect(power(equalPowerGains(i / 100))).toBeCloseTo(1, 10);
    const mid = equalPowerGains(0.25);
    expect(mid.calm).toBeCloseTo(Math.SQRT1_2, 10);
    expect(mid.focus).toBeCloseTo(Math.SQRT1_2, 10);
  });

  it("never plays calm and alert together", () => {
    for (let i = 0; i <= 100; i++) {
      const g = equalPowerGains(i / 100);
      expect(g.calm * g.alert).toBe(0);
    }
  });
});

describe("mood and KPI variance → targets", () => {
  it("orders the moods from calm to concerned", () => {
    expect(targetPosition("calm", 0)).toBe(0);
    expect(targetPosition("focused", 0)).toBe(0.5);
    expect(targetPosition("concerned", 0)).toBeGreaterThan(targetPosition("upbeat", 0));
    for (const mood of MOODS) expect(power(targetGains(mood, 0.4))).toBeCloseTo(1, 10);
  });

  it("lets KPI variance push toward alert, clamped to the axis", () => {
    expect(targetPosition("calm", 1)).toBeCloseTo(0.35, 10);
    expect(targetPosition("concerned", 1)).toBe(1);
    expect(targetGains("concerned", 1).alert).toBe(1);
    expect(targetPosition("calm", 7)).toBe(targetPosition("calm", 1));
    expect(targetPosition("calm", -3)).toBe(0);
  });

  it("treats an unknown mood or a non-number variance as calm and zero", () => {
    expect(targetPosition("furious", Number.NaN)).toBe(0);
  });
});

describe("smoothing over time", () => {
  it("closes 63% of the gap after one time constant", () => {
    expect(smoothToward(0, 1, 1000, 1000)).toBeCloseTo(1 - Math.exp(-1), 10);
    expect(smoothToward(0.4, 0.4, 50, 1000)).toBe(0.4);
    expect(smoothToward(0, 1, 10, 0)).toBe(1);
  });

  it("is independent of the frame rate: 60 small steps equal one big one", () => {
    let fine = 0;
    for (let i = 0; i < 60; i++) fine = smoothToward(fine, 1, 1000 / 60, 500);
    expect(fine).toBeCloseTo(smoothToward(0, 1, 1000, 500), 10);
  });

  it("glides the stems' gains toward a new mood's targets without jumping", () => {
    const controller = createSoundscapeController({ timeConstantMs: 1000 });
    controller.step(0);
    expect(controller.state().gains.calm).toBe(1);
    controller.setMood("concerned", 0.5);
    const target = controller.state().targetGains;
    expect(target.alert).toBeGreaterThan(0.9);
    let previous = controller.step(0).position;
    for (let t = 100; t <= 5000; t += 100) {
      const state = controller.step(t);
      expect(state.position).toBeGreaterThan(previous);
      expect(state.position - previous).toBeLessThan(0.1); // no jump in 100 ms
      expect(power(state.gains)).toBeCloseTo(1, 10);
      previous = state.position;
    }
    const settled = controller.step(10_000);
    expect(settled.gains.alert).toBeCloseTo(target.alert, 3);
    expect(settled.gains.calm).toBe(0);
  });

  it("settle() jumps to the target at once", () => {
    const controller = createSoundscapeController({ timeConstantMs: 60_000 });
    controller.step(0);
    controller.setMood("focused");
    expect(controller.step(10).gains.focus).toBeLessThan(0.1);
    expect(controller.settle().gains).toEqual({ calm: 0, focus: 1, alert: 0 });
  });

  it("ignores a clock that goes backwards", () => {
    const controller = createSoundscapeController({ timeConstantMs: 1000 });
    controller.step(1000);
    controller.setMood("focused");
    const ahead = controller.step(2000).position;
    expect(controller.step(1500).position).toBe(ahead);
  });

  it("rejects a negative time constant naming the option", () => {
    expect(() => createSoundscapeController({ timeConstantMs: -1 })).toThrow(/timeConstantMs/);
  });
});
