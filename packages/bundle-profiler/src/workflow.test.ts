import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadManifest } from "@dai/manifest-schema";
import { describe, expect, it } from "vitest";
import { PACKAGE_DIR } from "./__tests__/fixtures.js";

describe(".github/workflows/hyper-perf-check.yml", () => {
  it("has the manifest's triggers, its five steps, MANIFEST_PATH and issue permissions", async () => {
    const manifest = await loadManifest();
    const spec = manifest.workflows.hyperPerfCheck;
    const text = readFileSync(join(PACKAGE_DIR, "..", "..", spec.file), "utf8");
    for (const schedule of spec.triggers.schedules) expect(text).toContain(`cron: "${schedule.cron}"`);
    expect(text).toMatch(/push:\n\s+branches: \[main\]/);
    expect(text).toContain("pull_request:");
    expect(text).toContain("workflow_dispatch:");
    for (const step of spec.steps) expect(text).toContain(`- name: ${step.name}`);
    expect(text).toContain("MANIFEST_PATH: dealershipai-hyper-optimization-manifest.json");
    expect(text).toContain("issues: write");
    expect(text).toContain("contents: read");
    expect(text).toContain("path: .turbo/cache");
    expect(text).toContain("data/build-metrics.json");
    expect(text).toContain("systems.autoProfiling.threshold");
  });
});
