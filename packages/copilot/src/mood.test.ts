import { describe, expect, it } from "vitest";
import { rows } from "./__tests__/rows.js";
import { COPILOT_MOODS, deriveMood, moodFor, platformRows } from "./mood.js";

describe("the mood rule", () => {
  it("maps the composite trend and the variance to each of the five moods at the documented thresholds", () => {
    expect(moodFor(0.08, 0).mood).toBe("celebratory");
    expect(moodFor(0.0799, 0).mood).toBe("upbeat");
    expect(moodFor(0.02, 0).mood).toBe("upbeat");
    expect(moodFor(0.019, 0.2).mood).toBe("calm");
    expect(moodFor(0.019, 0.5).mood).toBe("focused");
    expect(moodFor(-0.02, 0).mood).toBe("focused");
    expect(moodFor(-0.049, 0).mood).toBe("focused");
    expect(moodFor(-0.05, 0).mood).toBe("concerned");
    expect(moodFor(null, 0.9).mood).toBe("calm");
    const seen = new Set([0.1, 0.03, 0, -0.03, -0.1].map((t) => moodFor(t, 0).mood));
    seen.add(moodFor(0, 0.9).mood);
    expect([...seen].sort()).toEqual([...COPILOT_MOODS].sort());
  });
});

describe("deriveMood", () => {
  it("is celebratory on a fast-rising series, concerned on a falling one, calm on a flat quiet one", () => {
    expect(deriveMood(rows(60, 0.05)).mood).toBe("celebratory");
    expect(deriveMood(rows(60, 0.004)).mood).toBe("upbeat");
    expect(deriveMood(rows(60, -0.012)).mood).toBe("concerned");
    const flat = deriveMood(rows(60, 0));
    expect(flat.mood).toBe("calm");
    expect(flat.trend).toBeCloseTo(0, 10);
    expect(flat.kpiVariance).toBe(0);
  });

  it("reports a normalised variance in 0..1 that grows with the noise, and is focused when flat but jumpy", () => {
    const quiet = deriveMood(rows(60, 0, 0.05));
    const jumpy = deriveMood(rows(60, 0, 0.4));
    expect(quiet.kpiVariance).toBeGreaterThan(0);
    expect(jumpy.kpiVariance).toBeGreaterThan(quiet.kpiVariance);
    expect(jumpy.kpiVariance).toBeLessThanOrEqual(1);
    expect(deriveMood(rows(60, 0, 5)).kpiVariance).toBe(1);
    expect(jumpy.mood).toBe("focused");
    expect(jumpy.why).toMatch(/variance/);
  });

  it("stays calm with fewer than 14 days, and names a non-numeric KPI with its dealer and date", () => {
    const short = deriveMood(rows(10, 0.05));
    expect(short.mood).toBe("calm");
    expect(short.trend).toBeNull();
    const bad = rows(20, 0);
    (bad[3] as unknown as Record<string, unknown>).leads = "many";
    expect(() => deriveMood(bad)).toThrow(/dlr-001 \d{4}-\d{2}-\d{2} leads: expected a number, got "many"/);
  });

  it("orders rows by date whatever order they come in", () => {
    const ordered = rows(40, 0.01);
    const shuffled = [...ordered].reverse();
    expect(deriveMood(shuffled).trend).toBe(deriveMood(ordered).trend);
  });
});

describe("platformRows", () => {
  it("averages each KPI over the dealers per date, keeping only dates every dealer reported", () => {
    const a = rows(20, 0, 0, "a");
    const b = rows(21, 0, 0, "b").map((r) => ({ ...r, leads: r.leads * 3 }));
    const platform = platformRows([...a, ...b]);
    expect(platform).toHaveLength(20);
    expect(platform[0]?.leads).toBeCloseTo(40, 10);
    expect(platform[0]?.dealerId).toBe("platform");
  });
});
