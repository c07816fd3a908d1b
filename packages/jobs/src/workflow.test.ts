import { mkdtemp, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findProjectRoot, silentProgress } from "@dai/core";
import { seedDemoData } from "@dai/demo-data";
import { loadManifest } from "@dai/manifest-schema";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { quantile, refreshBaselines } from "./baselines.js";
import { jobCommands } from "./commands.js";
import { generateSelfOptimizationWorkflow } from "./workflow.js";

const root = findProjectRoot(import.meta.dirname) as string;
const manifest = await loadManifest(join(root, "manifest", "dealershipai-hyper-optimization-manifest.json"));
const schema = JSON.parse(
  await readFile(join(root, "tooling", "schemas", "github-workflow.schema.json"), "utf8"),
);

describe("generated workflows", () => {
  it("matches the committed self-optimization workflow (regenerate with `dai workflows generate`)", async () => {
    const committed = await readFile(join(root, manifest.workflows.selfOptimization.file), "utf8");
    expect(committed).toBe(generateSelfOptimizationWorkflow(manifest));
  });

  it("puts the manifest's cron lines, steps and MANIFEST_PATH in the workflow", () => {
    const workflow = parse(generateSelfOptimizationWorkflow(manifest));
    expect(workflow.on.schedule.map((s: { cron: string }) => s.cron)).toEqual([
      "0 2 * * *",
      "0 4 * * 1",
      "0 5 * * *",
    ]);
    expect(workflow.env.MANIFEST_PATH).toBe("dealershipai-hyper-optimization-manifest.json");
    const names = workflow.jobs.loop.steps.map((s: { name?: string }) => s.name);
    for (const step of manifest.workflows.selfOptimization.steps) expect(names).toContain(step.name);
  });

  it("every workflow file in .github/workflows passes GitHub's workflow schema", async () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    const validate = ajv.compile(schema);
    const directory = join(root, ".github", "workflows");
    const files = (await readdir(directory)).filter((f) => /\.ya?ml$/.test(f));
    expect(files).toContain("self-optimization.yml");
    for (const file of files) {
      const ok = validate(parse(await readFile(join(directory, file), "utf8")));
      expect(ok ? [] : validate.errors?.map((e) => `${file}${e.instancePath}: ${e.message}`), file).toEqual(
        [],
      );
    }
  });

  it("the schema copy rejects a broken workflow, so the check above can fail", () => {
    const validate = new Ajv({ strict: false }).compile(schema);
    expect(
      validate({ on: "push", jobs: { build: { "runs-on": "ubuntu-latest", steps: [{ uses: 42 }] } } }),
    ).toBe(false);
    expect(validate({ name: "no jobs" })).toBe(false);
  });
});

describe("dealer baselines", () => {
  it("computes type-7 quantiles like R and NumPy", () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBeCloseTo(9.1, 10);
    expect(quantile([5], 0.25)).toBe(5);
  });

  it("writes brand and region baselines over the last 28 days and keeps the previous ones as history", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "dai-baselines-"));
    await seedDemoData({ dataDir, dealers: 30, days: 60, endDate: "2026-06-30" });
    const first = await refreshBaselines(dataDir, 28, new Date("2026-07-06T04:00:00Z"));
    expect(first.history).toEqual([]);
    expect(first.current.windowEnd).toBe("2026-06-30");
    const brands = Object.values(first.current.byBrand);
    expect(brands.length).toBeGreaterThan(3);
    for (const byKpi of brands) {
      expect(byKpi.leads.p25).toBeLessThanOrEqual(byKpi.leads.median);
      expect(byKpi.leads.median).toBeLessThanOrEqual(byKpi.leads.p90);
      expect(byKpi.leads.count % 28).toBe(0);
    }
    const second = await refreshBaselines(dataDir, 28, new Date("2026-07-13T04:00:00Z"));
    expect(second.history).toHaveLength(1);
    expect(second.history[0]?.generatedAt).toBe("2026-07-06T04:00:00.000Z");
  });
});

describe("dai jobs", () => {
  it("runs the benchmark refresh from the registry and records it", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "dai-jobs-cli-"));
    await seedDemoData({ dataDir, dealers: 10, days: 30, endDate: "2026-06-30" });
    const [list, run] = jobCommands();
    const context = (args: string[]) => ({
      args,
      options: { dataDir },
      json: false,
      progress: silentProgress,
      cwd: root,
      env: {},
    });
    const result = await run?.run(context(["benchmark-refresh"]));
    expect(result?.exitCode).toBe(0);
    expect(result?.text).toMatch(/^benchmark-refresh: success/);
    const listed = await list?.run(context([]));
    expect(listed?.text).toMatch(/benchmark-refresh\s+0 4 \* \* 1 UTC/);
    await expect(run?.run(context(["nope"]))).rejects.toThrow(/no job "nope"; known: .*benchmark-refresh/);
  });
});
