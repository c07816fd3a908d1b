import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findProjectRoot, silentLogger, silentProgress } from "@dai/core";
import { runTwinUpdate } from "@dai/dealer-twin";
import { seedDemoData } from "@dai/demo-data";
import { loadManifest } from "@dai/manifest-schema";
import { trainToneCommand } from "@dai/tone-trainer";
import type { DealerVectorsFile } from "@dai/vector-engine";
import { describe, expect, it } from "vitest";
import { toneWeightsLookup, vectorUpdateJob } from "./vector-update.js";

const root = findProjectRoot(import.meta.dirname) as string;
const manifest = await loadManifest(join(root, "manifest", "dealershipai-hyper-optimization-manifest.json"));
const context = (dataDir: string) => ({
  dataDir,
  manifest,
  progress: silentProgress,
  logger: silentLogger,
  scheduledFor: new Date("2026-07-01T01:30:00Z"),
});

describe("the vector-update job", () => {
  it("fills every twin's embedding, takes each cluster's tone from tone-trainer's weights and reports the accuracy", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "dai-vector-job-"));
    await seedDemoData({ dataDir, dealers: 30, days: 60, endDate: "2026-06-30" });
    await runTwinUpdate({ dataDir, horizonDays: 7, workers: 1 });
    expect(await toneWeightsLookup(dataDir)).toBeUndefined();
    const train = await trainToneCommand.run({
      args: [],
      options: { dataDir },
      json: true,
      progress: silentProgress,
      cwd: root,
      env: {},
    });
    expect(train.exitCode ?? 0).toBe(0);
    const lookup = await toneWeightsLookup(dataDir);
    expect(lookup).toBeDefined();

    const outcome = await vectorUpdateJob.run(context(dataDir));
    const vectors = JSON.parse(
      await readFile(join(dataDir, "dealer-vectors.json"), "utf8"),
    ) as DealerVectorsFile;
    expect(outcome.metrics?.dealers).toBe(30);
    expect(outcome.metrics?.twinsUpdated).toBe(30);
    expect(outcome.metrics?.clusters).toBe(vectors.k);
    expect(vectors.accuracy.target).toBe(0.9);
    if (vectors.accuracy.accuracy !== null)
      expect(outcome.metrics?.recommendationAccuracyPct).toBeCloseTo(vectors.accuracy.accuracy * 100, 1);
    expect(outcome.summary).toMatch(/accuracy|no held-out feedback/);

    for (const cluster of vectors.clusters) {
      expect(cluster.toneSource).toBe("tone-weights");
      const weights = cluster.toneWeights as Record<string, number>;
      const best = Object.entries(weights).sort((a, b) => b[1] - a[1])[0]?.[0];
      expect(cluster.recommendedTone).toBe(best);
      // The mean of the members' weights from the tone-trainer file.
      const members = vectors.dealers.filter((d) => d.clusterId === cluster.id);
      const mean =
        members.reduce((sum, d) => sum + (lookup?.(d.dealerId)?.[best as string] ?? 0), 0) / members.length;
      expect(weights[best as string]).toBeCloseTo(mean, 5);
    }

    const twins = (await readFile(join(dataDir, "dealer-twins.ndjson"), "utf8"))
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { dealerId: string; embedding: number[] | null });
    expect(twins).toHaveLength(30);
    for (const twin of twins)
      expect(twin.embedding).toEqual(vectors.dealers.find((d) => d.dealerId === twin.dealerId)?.embedding);
  }, 60_000);
});
