import { describe, expect, it } from "vitest";
import type { JobRunRecord } from "./run-log.js";
import { summariseLoop } from "./summary.js";

const run = (
  job: string,
  outcome: JobRunRecord["outcome"],
  startedAt: string,
  summary = "ok",
): JobRunRecord => ({
  job,
  trigger: "schedule",
  scheduledFor: startedAt,
  startedAt,
  endedAt: startedAt,
  durationMs: 1500,
  outcome,
  summary,
  outputs: [],
  ...(outcome === "failure" ? { error: `${job} broke` } : {}),
});

describe("summariseLoop", () => {
  it("keeps the latest run of each job since the cut-off and flags failures for a human", () => {
    const summary = summariseLoop(
      [
        run("tone-training", "failure", "2026-11-24T02:00:00Z"),
        run("tone-training", "success", "2026-11-25T02:00:00Z", "weights moved"),
        run("mood-analytics", "failure", "2026-11-25T05:00:00Z"),
      ],
      new Date("2026-11-25T00:00:00Z"),
    );
    expect(summary.runs.map((r) => r.job)).toEqual(["tone-training", "mood-analytics"]);
    expect(summary.text.split("\n")[0]).toBe("Self-optimization loop: 1 of 2 job(s) failed — needs a look");
    expect(summary.text).toContain("weights moved");
    expect(JSON.stringify(summary.blocks)).toContain("mood-analytics broke");
    expect(summary.blocks[0]).toMatchObject({ type: "header" });
  });

  it("says plainly when nothing ran", () => {
    expect(summariseLoop([], new Date()).text).toBe("Self-optimization loop: nothing ran");
  });
});
