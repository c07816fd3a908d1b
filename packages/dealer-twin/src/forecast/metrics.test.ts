import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { findProjectRoot } from "@dai/core";
import { describe, expect, it } from "vitest";
import { M4_WEEKLY_NAIVE2, readM4, scoreM4 } from "../m4.js";
import { naive } from "./baselines.js";
import { autoEts } from "./ets-auto.js";
import { mape, mase, owa, smape } from "./metrics.js";

describe("accuracy measures", () => {
  it("computes sMAPE, MAPE and MASE by their definitions", () => {
    expect(smape([100, 200], [110, 200])).toBeCloseTo((200 * 10) / 210 / 2, 10);
    expect(smape([0], [0])).toBe(0);
    expect(mape([100, 0, 50], [90, 5, 55])).toBeCloseTo(10, 10);
    // In-sample lag-1 MAE is 2; the mean absolute forecast error is 3.
    expect(mase([1, 3, 5], [8, 10], [5, 13], 1)).toBeCloseTo(1.5, 10);
    expect(owa(9.161, 2.777, 9.161, 2.777)).toBe(1);
  });
});

// The shared M4 data sits beside the repository (CI copies it to ../shared); its absence is an error.
const m4Dir = join(findProjectRoot() ?? process.cwd(), "..", "shared", "data", "m4");

describe("M4 Weekly scoring", () => {
  it("reproduces the organisers' Naive2 figures (sMAPE 9.161, MASE 2.777) with the shared data", async () => {
    expect(existsSync(join(m4Dir, "Weekly-train.csv")), `M4 data missing at ${m4Dir}`).toBe(true);
    const series = await readM4(m4Dir, "Weekly");
    expect(series).toHaveLength(359);
    expect(series.every((s) => s.test.length === 13)).toBe(true);
    const score = scoreM4(
      series,
      series.map((s) => naive(s.train, 13).mean),
      M4_WEEKLY_NAIVE2,
    );
    expect(score.smape.toFixed(3)).toBe("9.161");
    expect(score.mase.toFixed(3)).toBe("2.777");
    expect(score.owa).toBeCloseTo(1, 3);
  });
});

describe("ETS on M4 Weekly against R's ets() (fixture from fixtures/m4-weekly-ets.R)", () => {
  it("reaches R's likelihood and picks R's model on most of a sample of 40 series", async () => {
    const reference = new Map(
      readFileSync(new URL("../__tests__/m4-weekly-r-ets.csv", import.meta.url), "utf8")
        .trim()
        .split("\n")
        .slice(1)
        .map((line) => line.split(";"))
        .map(([id, model, aicc]) => [id, { model, aicc: Number(aicc) }]),
    );
    const series = (await readM4(m4Dir, "Weekly")).filter((_, i) => i % 9 === 0);
    let reached = 0;
    let sameModel = 0;
    for (const s of series) {
      const r = reference.get(s.id)!;
      const best = autoEts(s.train)!.table[0]!;
      if (best.aicc <= r.aicc + 5) reached++;
      if (best.model === r.model) sameModel++;
    }
    expect(series).toHaveLength(40);
    expect(reached).toBeGreaterThanOrEqual(36);
    expect(sameModel).toBeGreaterThanOrEqual(32);
  });
});
