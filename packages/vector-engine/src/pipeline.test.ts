import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type CommandContext, silentProgress } from "@dai/core";
import { describe, expect, it } from "vitest";
import { tempDir, writeDemoData } from "./__tests__/data.js";
import { createPureBackend } from "./backend/pure.js";
import { createVectorsUpdateCommand, vectorsSimilarCommand } from "./commands.js";
import { loadEmbeddingModel } from "./model.js";
import { DEALER_VECTORS_FILE, type DealerVectorsFile, updateDealerVectors } from "./pipeline.js";
import { RUN_LOG_FILE, type RunLogEntry } from "./run-log.js";
import { dealerStore, readDealerVectors, similarDealers } from "./similar.js";

const backend = createPureBackend();
const options = (dataDir: string) => ({
  dataDir,
  backend,
  kMin: 2,
  kMax: 4,
  restarts: 3,
  accuracyTarget: 0.9,
});
const readJson = async <T>(path: string) => JSON.parse(await readFile(path, "utf8")) as T;

function context(dataDir: string, args: string[] = [], extra: Record<string, string> = {}): CommandContext {
  return {
    args,
    options: { dataDir, backend: "pure", ...extra },
    json: true,
    progress: silentProgress,
    cwd: dataDir,
    env: {},
  };
}

describe("updateDealerVectors", () => {
  it("separates the two dealer kinds, recommends each its tone and measures accuracy on held-out feedback", async () => {
    const dir = await tempDir();
    await writeDemoData(dir);
    const result = await updateDealerVectors(options(dir));
    expect(result.k).toBe(2);
    const clusterOfLuxury = new Set(result.dealers.filter((_, i) => i % 2 === 0).map((d) => d.clusterId));
    const clusterOfMass = new Set(result.dealers.filter((_, i) => i % 2 === 1).map((d) => d.clusterId));
    expect(clusterOfLuxury.size).toBe(1);
    expect(clusterOfMass.size).toBe(1);
    const tones = Object.fromEntries(result.clusters.map((c) => [c.id, c.recommendedTone]));
    expect(tones[[...clusterOfLuxury][0] as number]).toBe("professional");
    expect(tones[[...clusterOfMass][0] as number]).toBe("friendly");
    // Liked tones are approved 95% of the time in the generator; the estimate must land near that.
    expect(result.accuracy.accuracy).toBeGreaterThan(0.88);
    expect(result.accuracy.baseline).toBeLessThan(0.7);
    expect(result.accuracy.target).toBe(0.9);
    expect(result.dealers[0]?.embedding).toHaveLength(result.dim);
    expect(result.dealers[0]?.map).toEqual(result.dealers[0]?.embedding.slice(0, 2));
    expect(await readJson<DealerVectorsFile>(join(dir, DEALER_VECTORS_FILE))).toEqual(result);
    expect((await loadEmbeddingModel(dir)).metadata.version).toBe(result.modelVersion);
  });

  it("keeps every dealer's cluster id on a rerun, bumps the model version and logs both runs", async () => {
    const dir = await tempDir();
    await writeDemoData(dir);
    const first = await updateDealerVectors(options(dir));
    const second = await updateDealerVectors({ ...options(dir), seed: 99 });
    expect(second.dealers.map((d) => d.clusterId)).toEqual(first.dealers.map((d) => d.clusterId));
    expect(second.modelVersion).toBe(first.modelVersion + 1);
    const log = await readJson<RunLogEntry[]>(join(dir, RUN_LOG_FILE));
    expect(log.map((r) => r.ok)).toEqual([true, true]);
    expect(log[1]).toMatchObject({ backend: "pure", k: 2, accuracyTarget: 0.9 });
  });

  it("logs a failed run and leaves the previous output in place", async () => {
    const dir = await tempDir();
    await writeDemoData(dir);
    await updateDealerVectors(options(dir));
    const before = await readFile(join(dir, DEALER_VECTORS_FILE), "utf8");
    await writeFile(join(dir, "copilot-events.json"), '[{"dealerId": "dlr-001"}]');
    await expect(updateDealerVectors(options(dir))).rejects.toThrow(
      "copilot-events.json[0].timestamp: expected a string",
    );
    expect(await readFile(join(dir, DEALER_VECTORS_FILE), "utf8")).toBe(before);
    const log = await readJson<RunLogEntry[]>(join(dir, RUN_LOG_FILE));
    expect(log.at(-1)).toMatchObject({ ok: false, error: expect.stringMatching(/timestamp/) });
  });

  it("names the file, line and field of a malformed KPI row", async () => {
    const dir = await tempDir();
    await writeDemoData(dir, { dealers: 6, days: 40 });
    const lines = (await readFile(join(dir, "kpi-daily.ndjson"), "utf8")).split("\n");
    lines[2] = JSON.stringify({ ...JSON.parse(lines[2] as string), leads: "many" });
    await writeFile(join(dir, "kpi-daily.ndjson"), lines.join("\n"));
    await expect(updateDealerVectors(options(dir))).rejects.toThrow(
      'kpi-daily.ndjson line 3.leads: expected a finite number, got "many"',
    );
  });

  it("says to run `dai seed` when the data dir is empty", async () => {
    await expect(updateDealerVectors(options(await tempDir()))).rejects.toMatchObject({
      code: "data_missing",
      status: 404,
    });
  });

  it("rejects a target outside 0–1", async () => {
    const dir = await tempDir();
    await writeDemoData(dir, { dealers: 6, days: 40 });
    await expect(updateDealerVectors({ ...options(dir), accuracyTarget: 90 })).rejects.toThrow(
      /accuracyTarget: expected a share 0–1/,
    );
  });
});

describe("similar dealers and the CLI commands", () => {
  it("`vectors update` then `vectors similar` list same-kind dealers first, with filters", async () => {
    const dir = await tempDir();
    await writeDemoData(dir);
    const update = createVectorsUpdateCommand(() => ({ accuracyTarget: 0.9, kMin: 2, kMax: 3 }));
    const updated = await update.run(context(dir));
    expect(updated.text).toMatch(/recommendation accuracy \d+\.\d% .*target 90\.0%/);
    const similar = await vectorsSimilarCommand.run(context(dir, ["dlr-001"], { k: "3" }));
    const rows = (similar.data as { similar: { dealerId: string; brand: string }[] }).similar;
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.brand === "BMW" && r.dealerId !== "dlr-001")).toBe(true);
    const vectors = await readDealerVectors(dir);
    const west = await similarDealers(vectors, "dlr-001", { k: 10, region: "West" });
    expect(west.every((h) => h.metadata.region === "West")).toBe(true);
    // A caller's kept store answers the same, and is the one searched (what it lacks is not found).
    const store = dealerStore(vectors);
    expect(await similarDealers(vectors, "dlr-001", { k: 10, region: "West", store })).toEqual(west);
    const first = west[0]?.id as string;
    store.remove(first);
    const without = await similarDealers(vectors, "dlr-001", { k: 10, region: "West", store });
    expect(without.map((h) => h.id)).not.toContain(first);
  });

  it("reports unknown dealers, missing vectors and bad options clearly", async () => {
    const dir = await tempDir();
    await expect(vectorsSimilarCommand.run(context(dir, ["dlr-001"]))).rejects.toMatchObject({
      code: "vectors_missing",
    });
    await writeDemoData(dir, { dealers: 8, days: 40 });
    await createVectorsUpdateCommand().run(context(dir, [], { kMax: "3" }));
    await expect(vectorsSimilarCommand.run(context(dir, ["dlr-999"]))).rejects.toMatchObject({
      code: "not_found",
      status: 404,
    });
    await expect(vectorsSimilarCommand.run(context(dir, []))).rejects.toThrow(/dealerId: required/);
    await expect(vectorsSimilarCommand.run(context(dir, ["dlr-001"], { k: "zero" }))).rejects.toThrow(
      /--k: expected an integer/,
    );
    await expect(createVectorsUpdateCommand().run(context(dir, [], { backend: "gpu" }))).rejects.toThrow(
      /--backend: expected auto, onnx or pure/,
    );
  });
});
