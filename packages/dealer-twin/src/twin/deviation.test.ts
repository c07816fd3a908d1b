import { describe, expect, it } from "vitest";
import { deviationWindow } from "./deviation.js";

describe("deviationWindow", () => {
  it("keeps the error day by day, so deviation can be shown over time", () => {
    const window = deviationWindow("2026-06-01", [100, Number.NaN, 0, 80], [110, 90, 5, 80], 4);
    expect(window.daily).toEqual([10, null, null, 0]);
    expect(window.mape).toBe(5);
    expect(window.days).toBe(3);
  });
});
