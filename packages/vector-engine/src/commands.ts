import {
  type CommandSpec,
  commandDataDir,
  DATA_DIR_OPTION,
  DaiError,
  defineCommand,
  formatTable,
} from "@dai/core";
import { type BackendPreference, createBackend } from "./backend/select.js";
import { updateDealerVectors } from "./pipeline.js";
import { readDealerVectors, similarDealers } from "./similar.js";

/** Defaults the CLI supplies from the manifest (this package does not read it). */
export interface VectorCommandDefaults {
  /** Recommendation-accuracy target as a share, e.g. 0.9. */
  accuracyTarget?: number;
  kMin?: number;
  kMax?: number;
  /**
   * Loads the Copilot tone weights for the data dir (tone-trainer's file), as a per-dealer lookup;
   * undefined when there is no weights file (recommendations then come from feedback directly).
   */
  toneWeights?: (
    dataDir: string,
  ) => Promise<((dealerId: string) => Readonly<Record<string, number>> | undefined) | undefined>;
}

const backendOption = {
  flags: "--backend <name>",
  description: "auto | onnx | pure (default auto: onnx, pure if it cannot load)",
};

function numberOption(
  value: unknown,
  name: string,
  min: number,
  max: number,
  integer = true,
): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isFinite(number) || (integer && !Number.isInteger(number)) || number < min || number > max) {
    throw new DaiError(
      "invalid_option",
      `--${name}: expected ${integer ? "an integer" : "a number"} from ${min} to ${max}, got "${String(value)}"`,
      {
        field: name,
      },
    );
  }
  return number;
}

function backendPreference(value: unknown): BackendPreference {
  if (value === undefined) return "auto";
  if (value === "auto" || value === "onnx" || value === "pure") return value;
  throw new DaiError("invalid_option", `--backend: expected auto, onnx or pure, got "${String(value)}"`, {
    field: "backend",
  });
}

/**
 * `dai vectors update`; `defaults` lets the CLI pass the manifest's target and k bounds.
 *
 * @example registry.add(createVectorsUpdateCommand(async () => ({ accuracyTarget: 0.9, kMin: 2, kMax: 8 })));
 */
export function createVectorsUpdateCommand(
  defaults: () => VectorCommandDefaults | Promise<VectorCommandDefaults> = () => ({}),
): CommandSpec {
  return defineCommand({
    path: ["vectors", "update"],
    summary: "Embed dealer behaviour, cluster dealers and measure tone-recommendation accuracy",
    description:
      "Reads the demo data from the data dir, fits the embedding (standardise + PCA, exported as a versioned ONNX model), " +
      "clusters dealers (k by silhouette, stable cluster ids), writes dealer-vectors.json and appends to vector-runs.json.",
    options: [
      DATA_DIR_OPTION,
      backendOption,
      { flags: "--k-min <n>", description: "smallest number of clusters to try" },
      { flags: "--k-max <n>", description: "largest number of clusters to try" },
      { flags: "--dim <n>", description: "embedding width (default 8)" },
      {
        flags: "--holdout-days <n>",
        description: "recent days of feedback held out for the accuracy (default 28)",
      },
      {
        flags: "--target <share>",
        description: "recommendation-accuracy target, 0–1 (default: the manifest's, passed by the CLI)",
      },
    ],
    examples: ["dai vectors update", "dai vectors update --k-min 3 --k-max 6 --backend pure --json"],
    async run(context) {
      const { options, progress } = context;
      const base = await defaults();
      const { backend, fallbackReason } = await createBackend({ prefer: backendPreference(options.backend) });
      try {
        const target = numberOption(options.target, "target", 0, 1, false) ?? base.accuracyTarget;
        const kMin = numberOption(options.kMin, "k-min", 2, 100) ?? base.kMin;
        const kMax = numberOption(options.kMax, "k-max", 2, 100) ?? base.kMax;
        const dim = numberOption(options.dim, "dim", 1, 64);
        const holdoutDays = numberOption(options.holdoutDays, "holdout-days", 1, 365);
        const dataDir = commandDataDir(context);
        const toneWeightsFor = await base.toneWeights?.(dataDir);
        const result = await updateDealerVectors({
          dataDir,
          ...(toneWeightsFor ? { toneWeightsFor } : {}),
          backend,
          progress,
          ...(fallbackReason === undefined ? {} : { fallbackReason }),
          ...(target === undefined ? {} : { accuracyTarget: target }),
          ...(kMin === undefined ? {} : { kMin }),
          ...(kMax === undefined ? {} : { kMax }),
          ...(dim === undefined ? {} : { dim }),
          ...(holdoutDays === undefined ? {} : { holdoutDays }),
        });
        const acc = result.accuracy;
        const pct = (v: number | null) => (v === null ? "n/a" : `${(100 * v).toFixed(1)}%`);
        const text = [
          `${result.dealers.length} dealers → ${result.k} clusters (silhouette ${result.silhouette.toFixed(3)}), model v${result.modelVersion}, backend ${result.backend}`,
          formatTable(result.clusters, [
            { key: "id", label: "cluster", align: "right" },
            { key: "size", label: "dealers", align: "right" },
            { key: "recommendedTone", label: "recommended tone" },
            { key: "toneSource", label: "from" },
          ]),
          result.twins.written
            ? `embeddings written to ${result.twins.updated} dealer twin(s)${result.twins.cleared ? `, ${result.twins.cleared} cleared` : ""}`
            : "no dealer twins yet (dai twin update): embedding slots not written",
          `recommendation accuracy ${pct(acc.accuracy)} (95% CI ${acc.interval ? `${pct(acc.interval[0])}–${pct(acc.interval[1])}` : "n/a"}, n = ${acc.matched}); ` +
            `random-tone baseline ${pct(acc.baseline)}, held-out ceiling ${pct(acc.ceiling)}; target ${pct(acc.target)}${acc.meetsTarget === null ? "" : acc.meetsTarget ? " — met" : " — NOT met"}`,
        ].join("\n");
        return { data: result, text };
      } finally {
        await backend.dispose();
      }
    },
  });
}

export const vectorsUpdateCommand: CommandSpec = createVectorsUpdateCommand();

export const vectorsSimilarCommand: CommandSpec = defineCommand({
  path: ["vectors", "similar"],
  summary: "List the dealers most similar in behaviour to one dealer",
  arguments: [{ name: "dealerId", description: "e.g. dlr-001", required: true }],
  options: [
    DATA_DIR_OPTION,
    backendOption,
    { flags: "-k, --k <n>", description: "how many (default 5)" },
    { flags: "--brand <name>", description: "only dealers of this brand" },
    { flags: "--region <name>", description: "only dealers in this region" },
  ],
  examples: ["dai vectors similar dlr-001", "dai vectors similar dlr-001 --k 10 --region West --json"],
  async run(context) {
    const { args, options } = context;
    const dealerId = args[0];
    if (!dealerId)
      throw new DaiError("missing_argument", "dealerId: required, e.g. `dai vectors similar dlr-001`", {
        field: "dealerId",
      });
    const vectors = await readDealerVectors(commandDataDir(context));
    const { backend } = await createBackend({ prefer: backendPreference(options.backend) });
    try {
      const hits = await similarDealers(vectors, dealerId, {
        k: numberOption(options.k, "k", 1, 1000) ?? 5,
        backend,
        ...(typeof options.brand === "string" ? { brand: options.brand } : {}),
        ...(typeof options.region === "string" ? { region: options.region } : {}),
      });
      const rows = hits.map((h) => ({
        dealerId: h.id,
        name: h.metadata.name,
        brand: h.metadata.brand,
        region: h.metadata.region,
        cluster: Number(h.metadata.cluster),
        similarity: h.score,
      }));
      return {
        data: { dealerId, similar: rows },
        text: formatTable(
          rows.map((r) => ({ ...r, similarity: r.similarity.toFixed(3) })),
          [
            { key: "dealerId", label: "dealer" },
            { key: "name", label: "name" },
            { key: "brand", label: "brand" },
            { key: "region", label: "region" },
            { key: "cluster", label: "cluster", align: "right" },
            { key: "similarity", label: "cosine", align: "right" },
          ],
        ),
      };
    } finally {
      await backend.dispose();
    }
  },
});

export const vectorCommands: readonly CommandSpec[] = [vectorsUpdateCommand, vectorsSimilarCommand];
