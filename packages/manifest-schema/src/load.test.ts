import { describe, expect, it } from "vitest";
import { committedManifest, manifestPath } from "./__tests__/fixtures.js";
import { loadManifest, parseManifest, validateManifest } from "./load.js";

function problemsOf(document: unknown): string[] {
  const result = validateManifest(document);
  if (result.ok) throw new Error("expected the manifest to be invalid");
  return result.problems.map((p) => `${p.path}: ${p.message}`);
}

describe("the committed manifest", () => {
  it("validates and keeps the seed's numbers", async () => {
    const manifest = await loadManifest(manifestPath);
    expect(manifest.version).toBe("1.0.0");
    expect(Object.keys(manifest.systems)).toHaveLength(8);
    expect(manifest.systems.autoProfiling.threshold).toBe(5);
    expect(manifest.systems.adaptiveMotion.durationRangeMs).toEqual({ min: 600, max: 1200 });
    expect(manifest.systems.dealerTwin.schedule).toMatchObject({ cron: "0 1 * * *", timezone: "UTC" });
    expect(manifest.successMetrics).toHaveLength(7);
    expect(manifest.workflows.selfOptimization.triggers.schedules.map((s) => s.cron)).toEqual([
      "0 2 * * *",
      "0 4 * * 1",
      "0 5 * * *",
    ]);
    expect(manifest.workflows.hyperPerfCheck.triggers.schedules[0]?.cron).toBe("0 6 * * *");
    expect(manifest.governance.monthlyReport.recipients).toEqual(["executives@dealershipgroup.com"]);
    expect(manifest.futureExtensions.every((e) => e.status === "planned")).toBe(true);
  });
});

describe("validation errors name the JSON path", () => {
  it("reports a missing system", () => {
    const doc = committedManifest();
    delete doc.systems.dealerTwin;
    expect(problemsOf(doc)).toContain("systems.dealerTwin: required, missing");
  });

  it("reports a threshold of the wrong type with the offending value", () => {
    const doc = committedManifest();
    doc.systems.autoProfiling.threshold = "5%";
    expect(problemsOf(doc)).toContain('systems.autoProfiling.threshold: expected number ≥ 0, got "5%"');
  });

  it("reports a negative threshold", () => {
    const doc = committedManifest();
    doc.systems.autoProfiling.threshold = -1;
    expect(problemsOf(doc)).toContain("systems.autoProfiling.threshold: expected number ≥ 0, got -1");
  });

  it("reports an unknown comparator with the allowed ones", () => {
    const doc = committedManifest();
    doc.successMetrics[2].comparator = "approximately";
    expect(problemsOf(doc)).toContain(
      'successMetrics[2].comparator: expected one of lt, lte, gt, gte, eq, within, got "approximately"',
    );
  });

  it("reports a malformed cron schedule", () => {
    const doc = committedManifest();
    doc.workflows.selfOptimization.triggers.schedules[1].cron = "0 4 * *";
    doc.systems.dealerTwin.schedule.cron = "61 1 * * *";
    const problems = problemsOf(doc);
    expect(problems).toContain(
      'workflows.selfOptimization.triggers.schedules[1].cron: expected a 5-field cron expression (minute hour day month weekday), got "0 4 * *"',
    );
    expect(
      problems.find((p) =>
        p.startsWith("systems.dealerTwin.schedule.cron: expected a valid cron expression"),
      ),
    ).toBeDefined();
  });

  it("reports unknown keys, duplicate metric ids and dangling references", () => {
    const doc = committedManifest();
    doc.systems.eventBus.protocoll = "SSE";
    doc.successMetrics[0].id = "uptime";
    doc.workflows.hyperPerfCheck.steps[0].script = "nope";
    const problems = problemsOf(doc);
    expect(problems).toContain("systems.eventBus.protocoll: unknown key (not part of the manifest schema)");
    expect(
      problems.some((p) => p.startsWith('successMetrics[3].id: duplicate success metric id "uptime"')),
    ).toBe(true);
    expect(problems).toContain('workflows.hyperPerfCheck.steps[0].script: unknown script "nope", got "nope"');
  });

  it("lists every problem at once in one thrown error", () => {
    const doc = committedManifest();
    doc.systems.autoProfiling.threshold = "5%";
    delete doc.systems.metaTelemetry;
    expect(() => parseManifest(doc, "m.json")).toThrow(/m\.json is invalid:\n {2}.*\n {2}/);
  });

  it("refuses an older version and says how to upgrade", () => {
    const doc = committedManifest();
    doc.version = "0.9.0";
    expect(problemsOf(doc)).toEqual([
      "version: manifest version 0.9.0 is older than 1.0.0; run `dai upgrade` to migrate it",
    ]);
  });
});
