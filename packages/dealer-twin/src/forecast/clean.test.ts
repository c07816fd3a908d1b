import { describe, expect, it } from "vitest";
import { cleanSeries } from "./clean.js";

describe("cleanSeries", () => {
  it("drops leading gaps, interpolates interior ones and carries the last value forward", () => {
    const result = cleanSeries([Number.NaN, 1, Number.NaN, 3, null, Number.POSITIVE_INFINITY]);
    expect(Array.from(result.values)).toEqual([1, 2, 3, 3, 3]);
    expect(result.start).toBe(1);
    expect(result.issues).toEqual(["leading-gaps-dropped", "gaps-interpolated", "trailing-gaps-filled"]);
  });

  it("reports an all-missing series as empty", () => {
    expect(cleanSeries([null, Number.NaN]).issues).toEqual(["empty"]);
  });
});
