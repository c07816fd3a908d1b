import { describe, expect, it } from "vitest";
import { R_REFERENCE } from "../__tests__/reference.js";
import { autoEts, etsForecast } from "./ets-auto.js";
import type { EtsSpec } from "./ets-core.js";
import { fitEts } from "./ets-fit.js";

function specOf(code: string, period: number): EtsSpec {
  const trend = code.includes("Ad") ? "Ad" : code[1] === "A" ? "A" : "N";
  const season = code.at(-1) as EtsSpec["season"];
  return { error: code[0] as EtsSpec["error"], trend, season, period: season === "N" ? 1 : period };
}

describe("ETS maximum likelihood against R's forecast::ets()", () => {
  const nonSeasonal = Object.entries(R_REFERENCE).filter(([, r]) => r.period === 1);

  it.each(nonSeasonal)(
    "fits every non-seasonal model of %s to R's AICc within 2.5 and its forecast within 2.5%%",
    (_, ref) => {
      const y = Float64Array.from(ref.values);
      for (const [code, r] of Object.entries(ref.fits)) {
        const model = fitEts(y, specOf(code, ref.period));
        expect(model, code).toBeDefined();
        if (!model) continue;
        // Same likelihood definition; exact initial states for additive errors may beat R's optimiser a little.
        expect(model.aicc - r.aicc, code).toBeLessThan(2.5);
        expect(model.aicc - r.aicc, code).toBeGreaterThan(-5);
        const forecast = etsForecast(model, 10);
        for (let h = 0; h < 10; h++) {
          expect(
            Math.abs(forecast.mean[h]! - r.mean[h]!) / Math.abs(r.mean[h]!),
            `${code} h=${h + 1}`,
          ).toBeLessThan(0.025);
        }
      }
    },
  );

  it.each(nonSeasonal)("selects the same model as R's ets() on %s", (_, ref) => {
    const result = autoEts(Float64Array.from(ref.values), { period: ref.period });
    expect(result?.table[0]?.model).toBe(ref.auto);
  });

  it("gives the linear models R's analytic 95% bound within 1%", () => {
    const ref = R_REFERENCE.randomWalk!;
    const model = fitEts(Float64Array.from(ref.values), specOf("ANN", 1))!;
    const forecast = etsForecast(model, 10);
    for (let h = 0; h < 10; h++) {
      expect(
        Math.abs(forecast.upper95[h]! - ref.fits.ANN!.upper95[h]!) / ref.fits.ANN!.upper95[h]!,
      ).toBeLessThan(0.01);
    }
  });

  it("fits additive seasonal models at least as well as R by solving every initial state exactly", () => {
    const ref = R_REFERENCE.weekly!;
    const y = Float64Array.from(ref.values);
    for (const code of ["ANA", "AAA"]) {
      const model = fitEts(y, specOf(code, 7))!;
      expect(model).toBeDefined();
      // R optimises the 6 free seasonal states with Nelder–Mead; least squares finds their exact optimum.
      expect(model.aicc - ref.fits[code]!.aicc, code).toBeLessThan(0.5);
      expect(model.aicc - ref.fits[code]!.aicc, code).toBeGreaterThan(-10);
      const forecast = etsForecast(model, 10);
      for (let h = 0; h < 10; h++) {
        expect(
          Math.abs(forecast.mean[h]! - ref.fits[code]!.mean[h]!) / ref.fits[code]!.mean[h]!,
        ).toBeLessThan(0.01);
      }
    }
  });

  it("recovers the weekly amplitude and fits a multiplicative-error season close to R's choice", () => {
    const ref = R_REFERENCE.weekly!;
    const y = Float64Array.from(ref.values);
    const additive = fitEts(y, specOf("AAA", 7))!;
    // The series was generated with 20·sin(2πt/7): a peak-to-trough of about 39.
    const range = Math.max(...additive.season) - Math.min(...additive.season);
    expect(range).toBeGreaterThan(30);
    expect(range).toBeLessThan(50);
    const multiplicative = fitEts(y, { error: "M", trend: "A", season: "A", period: 7 })!;
    // Multiplicative-error seasonal models keep decomposition-based seasonal states: within 20 of R.
    expect(multiplicative.aicc - ref.autoAicc).toBeLessThan(20);
  });

  it("refuses multiplicative models on non-positive data and seasonal models on short data", () => {
    const y = Float64Array.from([3, 1, -2, 4, 5, 3, 2, 6, 7, 5, 4, 6]);
    expect(fitEts(y, { error: "M", trend: "N", season: "N", period: 1 })).toBeUndefined();
    expect(fitEts(y, { error: "A", trend: "N", season: "A", period: 7 })).toBeUndefined();
    expect(fitEts(y, { error: "A", trend: "N", season: "N", period: 1 })).toBeDefined();
  });

  it("orders the AICc table best first and includes only additive-error models on negative data", () => {
    const y = Float64Array.from({ length: 60 }, (_, t) => Math.sin(t) * 5 - 1 + 0.1 * t);
    const result = autoEts(y, { period: 1 })!;
    expect(result.table.every((row) => row.model.startsWith("ETS(A,"))).toBe(true);
    for (let i = 1; i < result.table.length; i++)
      expect(result.table[i]!.aicc).toBeGreaterThanOrEqual(result.table[i - 1]!.aicc);
    expect(result.damped?.spec.trend).toBe("Ad");
  });
});

describe("fitEts warm start", () => {
  it("reaches the same optimum when started from a related model's estimates", () => {
    const y = Float64Array.from(R_REFERENCE.positive!.values);
    const additive = fitEts(y, { error: "A", trend: "Ad", season: "N", period: 1 })!;
    const cold = fitEts(y, { error: "M", trend: "Ad", season: "N", period: 1 })!;
    const warm = fitEts(y, { error: "M", trend: "Ad", season: "N", period: 1 }, { start: additive })!;
    expect(Math.abs(warm.aicc - cold.aicc)).toBeLessThan(1);
  });
});
