import { describe, expect, it } from "vitest";
import { R_REFERENCE } from "../__tests__/reference.js";
import { forecastSeries } from "./auto.js";
import { theta } from "./theta.js";

describe("Theta against R's thetaf()", () => {
  it.each(Object.entries(R_REFERENCE).filter(([, r]) => r.period === 1))(
    "matches thetaf on %s within 0.5%%",
    (_, ref) => {
      const forecast = theta(Float64Array.from(ref.values), 10)!;
      for (let h = 0; h < 10; h++) {
        expect(Math.abs(forecast.mean[h]! - ref.thetaMean[h]!) / Math.abs(ref.thetaMean[h]!)).toBeLessThan(
          0.005,
        );
        expect(
          Math.abs(forecast.upper95[h]! - ref.thetaUpper95[h]!) / Math.abs(ref.thetaUpper95[h]!),
        ).toBeLessThan(0.01);
      }
    },
  );

  it("deseasonalises a seasonal series like thetaf when it passes the seasonality test", () => {
    const ref = R_REFERENCE.weekly!;
    const result = forecastSeries(ref.values, { h: 10, periods: [7], method: "theta" });
    expect(result.seasonality).toEqual([{ period: 7, method: "classical", harmonics: 0 }]);
    for (let h = 0; h < 10; h++) {
      expect(Math.abs(result.forecast.mean[h]! - ref.thetaMean[h]!) / ref.thetaMean[h]!).toBeLessThan(0.01);
    }
  });
});
