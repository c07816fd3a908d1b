import { KPI_NAMES } from "@dai/demo-data";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { demoRows } from "../__tests__/demo.js";
import { buildDealerTwin } from "./build.js";
import { deviationWindow } from "./deviation.js";

describe("buildDealerTwin", () => {
  const [rows] = demoRows(1, 200);

  it("holds history, a forecast per KPI with ordered intervals, deviation and an empty embedding slot", () => {
    const twin = buildDealerTwin(rows!, {
      horizonDays: 28,
      historyDays: 60,
      now: "2026-11-25T01:00:00.000Z",
    });
    expect(twin.asOf).toBe("2026-11-24");
    expect(twin.embedding).toBeNull();
    expect(twin.history.dates).toHaveLength(60);
    expect(twin.history.dates.at(-1)).toBe("2026-11-24");
    for (const kpi of KPI_NAMES) {
      const k = twin.kpis[kpi];
      expect(k.forecast.dates[0]).toBe("2026-11-25");
      expect(k.forecast.mean).toHaveLength(28);
      for (let i = 0; i < 28; i++) {
        expect(k.forecast.lower95[i]!).toBeLessThanOrEqual(k.forecast.lower80[i]!);
        expect(k.forecast.lower80[i]!).toBeLessThanOrEqual(k.forecast.mean[i]!);
        expect(k.forecast.mean[i]!).toBeLessThanOrEqual(k.forecast.upper80[i]!);
        expect(k.forecast.upper80[i]!).toBeLessThanOrEqual(k.forecast.upper95[i]!);
      }
      expect(k.aiccTable.length).toBeGreaterThan(1);
      expect(k.why).toContain(k.aiccTable[0]!.model);
      expect(k.deviation.last28.days).toBe(28);
      expect(k.deviation.last28.origin).toBe("2026-10-27");
      expect(k.deviation.last7.origin).toBe("2026-11-17");
      expect(k.deviation.last28.mape).toBeGreaterThanOrEqual(0);
    }
    // Sessions are large and smooth enough to be forecast within 20% a month out.
    expect(twin.kpis.webSessions.deviation.last28.mape!).toBeLessThan(20);
    expect(twin.kpis.reviewRating.forecast.upper95.every((v) => v <= 5)).toBe(true);
  });

  it("repairs missing days and NaN values instead of failing, and says so", () => {
    const broken = rows!
      .filter((_, i) => i % 11 !== 5)
      .map((row, i) => (i === 50 ? { ...row, leads: Number.NaN } : row));
    const twin = buildDealerTwin(broken, { horizonDays: 7 });
    expect(twin.kpis.leads.issues).toContain("gaps-interpolated");
    expect(twin.history.values.leads.some((v) => v === null)).toBe(true);
    expect(twin.kpis.leads.forecast.mean.every(Number.isFinite)).toBe(true);
  });

  it("flags days outside the 95% interval of the earlier forecast as anomalies", () => {
    const spiked = rows!.map((row, i) =>
      i === rows!.length - 3 ? { ...row, webSessions: row.webSessions * 5 } : row,
    );
    const twin = buildDealerTwin(spiked, { horizonDays: 7 });
    const anomaly = twin.kpis.webSessions.anomalies.find((a) => a.date === spiked.at(-3)!.date);
    expect(anomaly).toBeDefined();
    expect(anomaly!.actual).toBeGreaterThan(anomaly!.upper95);
  });

  it("never produces a non-finite number from corrupted rows (property)", () => {
    const base = demoRows(1, 45)[0]!;
    const corruption = fc.record({
      index: fc.nat(44),
      kpi: fc.constantFrom(...KPI_NAMES),
      value: fc.constantFrom(
        Number.NaN,
        Number.POSITIVE_INFINITY,
        -1e300,
        1e300,
        0,
        -5,
        1e-300,
        1.7e308,
        -1.7e308,
      ),
    });
    fc.assert(
      fc.property(
        fc.array(corruption, { maxLength: 40 }),
        fc.array(fc.nat(44), { maxLength: 10 }),
        (changes, dropped) => {
          const rows = base.map((row) => ({ ...row }));
          for (const { index, kpi, value } of changes) rows[index]![kpi] = value;
          const kept = rows.filter((_, i) => i === 44 || !dropped.includes(i));
          const twin = buildDealerTwin(kept, { horizonDays: 7 });
          for (const kpi of KPI_NAMES) {
            const { forecast: f, deviation, anomalies } = twin.kpis[kpi];
            for (const values of [f.mean, f.lower80, f.upper80, f.lower95, f.upper95]) {
              expect(values.every(Number.isFinite)).toBe(true);
            }
            for (const value of [deviation.last28.mape, deviation.last28.smape, deviation.last7.totalError]) {
              expect(value === null || Number.isFinite(value)).toBe(true);
            }
            expect(anomalies.every((a) => Number.isFinite(a.actual) && Number.isFinite(a.upper95))).toBe(
              true,
            );
          }
        },
      ),
      { numRuns: 20 },
    );
  });

  it("rejects an empty row list", () => {
    expect(() => buildDealerTwin([], { horizonDays: 7 })).toThrow(/no rows/);
  });
});

describe("deviationWindow", () => {
  it("skips missing actuals and zero actuals for MAPE and reports the total's error", () => {
    const d = deviationWindow("2026-01-01", [100, Number.NaN, 0, 50], [110, 5, 10, 45], 4);
    expect(d.days).toBe(3);
    expect(d.mape).toBeCloseTo(10, 6);
    expect(d.totalError).toBeCloseTo((100 * 15) / 150, 3);
  });
});

describe("deviationWindow with a near-zero actual", () => {
  it("caps the percentage instead of returning Infinity", () => {
    const d = deviationWindow("2026-01-01", [1e-300, 100], [800, 100], 2);
    expect(d.mape).toBe(5e5);
    expect(Number.isFinite(d.totalError!)).toBe(true);
  });
});
