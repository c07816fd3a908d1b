import { describe, expect, it } from "vitest";
import { dayNumberOf } from "./validate.js";

describe("dayNumberOf", () => {
  it("matches Date.parse for every day from 1899 to 2101, leap days included", () => {
    for (let day = -25_567; day <= 47_847; day++) {
      const date = new Date(day * 86_400_000).toISOString().slice(0, 10);
      if (dayNumberOf(date, 0) !== day)
        throw new Error(`${date}: got ${dayNumberOf(date, 0)}, expected ${day}`);
    }
  });

  it("rejects impossible and malformed dates naming the row", () => {
    for (const bad of [
      "2026-02-29",
      "2025-13-01",
      "2026-04-31",
      "2026-00-10",
      "2026-1-01",
      "2026/01/01",
      20260101,
      null,
    ]) {
      expect(() => dayNumberOf(bad, 7)).toThrow(/^rows\[7\]\.date: expected a YYYY-MM-DD date/);
    }
    expect(dayNumberOf("2024-02-29", 0)).toBe(19_782);
  });
});
