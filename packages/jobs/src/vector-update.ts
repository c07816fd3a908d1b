import { join } from "node:path";
import type { CommandSpec } from "@dai/core";
import { loadManifest, type Manifest, successMetric } from "@dai/manifest-schema";
import { loadClusters, readPreviousWeights, TONE_WEIGHTS_FILE, weightsFor } from "@dai/tone-trainer";
import { createVectorsUpdateCommand, DEALER_VECTORS_FILE, type DealerVectorsFile } from "@dai/vector-engine";
import { runJobCommand } from "./command-run.js";
import type { JobDefinition } from "./registry.js";

/**
 * The tone-trainer weights that apply to each dealer (read-only): the weights of the dealer's
 * tone-trainer cluster (its `dealers.json` segment, as `dai train-tone` groups them), or the global
 * weights where that cluster had too little data. Undefined when no weights file exists yet.
 *
 * @example const lookup = await toneWeightsLookup("data"); lookup?.("dlr-001")?.friendly
 */
export async function toneWeightsLookup(
  dataDir: string,
): Promise<((dealerId: string) => Readonly<Record<string, number>>) | undefined> {
  const file = await readPreviousWeights(join(dataDir, TONE_WEIGHTS_FILE));
  if (!file) return undefined;
  const clusterOf = await loadClusters(undefined, dataDir);
  return (dealerId) =>
    weightsFor({ weights: file.weights, clusters: file.clusters ?? {} }, clusterOf?.(dealerId));
}

/** The manifest's recommendation-accuracy target as a share (a percent in the manifest). */
const accuracyTarget = (manifest: Manifest) =>
  successMetric(manifest, "recommendation-accuracy").target / 100;

/** `dai vectors update` with the manifest's target and tone-trainer's weights feeding the per-cluster tone. */
export const vectorsUpdateCommand: CommandSpec = createVectorsUpdateCommand(async () => ({
  accuracyTarget: accuracyTarget(await loadManifest()),
  toneWeights: toneWeightsLookup,
}));

/**
 * The daily vector update (manifest schedule `vector-update`, after the twin update): embeds and
 * clusters dealers, writes each twin's embedding slot, recommends a tone per cluster and measures the
 * recommendation accuracy on held-out feedback. The accuracy and cluster count are the run's metrics.
 */
export const vectorUpdateJob: JobDefinition = {
  name: "vector-update",
  description:
    "Embed dealer behaviour, re-cluster dealers, fill the twins' embeddings, measure recommendation accuracy",
  scheduleId: "vector-update",
  inputs: [
    "data/dealers.json",
    "data/kpi-daily.ndjson",
    "data/copilot-events.json",
    `data/${TONE_WEIGHTS_FILE}`,
  ],
  outputs: [`data/${DEALER_VECTORS_FILE}`, "data/dealer-twins.ndjson"],
  async run({ dataDir, manifest, progress }) {
    const command = createVectorsUpdateCommand(() => ({
      accuracyTarget: accuracyTarget(manifest),
      toneWeights: toneWeightsLookup,
    }));
    const { summary: firstLine, result } = await runJobCommand(command, "vector-update", {
      dataDir,
      progress,
    });
    const data = result.data as DealerVectorsFile;
    const metrics: Record<string, number> = {
      dealers: data.dealers.length,
      clusters: data.k,
      twinsUpdated: data.twins.updated,
    };
    if (data.accuracy.accuracy !== null)
      metrics.recommendationAccuracyPct = Math.round(data.accuracy.accuracy * 1000) / 10;
    const accuracy =
      data.accuracy.accuracy === null
        ? "no held-out feedback"
        : `accuracy ${(100 * data.accuracy.accuracy).toFixed(1)}%`;
    return {
      summary: `${firstLine}; ${accuracy}`,
      outputs: [join(dataDir, DEALER_VECTORS_FILE), join(dataDir, "dealer-twins.ndjson")],
      metrics,
    };
  },
};
