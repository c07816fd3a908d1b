import { createHash } from "node:crypto";
import { readdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { DaiError, parseJson, writeFileAtomic, writeJsonAtomic } from "@dai/core";
import { projectionGraph } from "./backend/onnx-graphs.js";
import type { ComputeBackend, Projection } from "./backend/types.js";
import type { PcaFit } from "./pca.js";
import { checkMatrix } from "./validate.js";

export const MODEL_METADATA_FILE = "embedding-model.json";
/** Model files kept besides the current one, so a reader mid-switch still finds its file. */
const KEEP_PREVIOUS = 2;

export interface EmbeddingModelMetadata {
  schema: 1;
  /** Increments on every export; also in the ONNX file name and its metadata_props. */
  version: number;
  createdAt: string;
  modelFile: string;
  sha256: string;
  opset: number;
  featureNames: string[];
  inputDim: number;
  outputDim: number;
  mean: number[];
  scale: number[];
  /** `[inputDim][outputDim]`. */
  components: number[][];
  explainedVarianceRatio: number[];
}

export interface EmbeddingModel {
  metadata: EmbeddingModelMetadata;
  projection: Projection;
  /** Embeds `n` feature rows with the given backend (the ONNX backend runs the same graph as the file). */
  embed(features: Float32Array, n: number, backend: ComputeBackend): Promise<Float32Array>;
}

/**
 * Writes the fitted projection as `embedding-model-v<N>.onnx` plus `embedding-model.json` (metadata,
 * weights, checksum), both atomically, metadata last: a reader sees the old model or the new one.
 *
 * @example const meta = await exportEmbeddingModel("data", fit, FEATURE_NAMES);
 */
export async function exportEmbeddingModel(
  dataDir: string,
  fit: PcaFit,
  featureNames: readonly string[],
  now = new Date(),
): Promise<EmbeddingModelMetadata> {
  const previous = await readMetadata(dataDir).catch(() => undefined);
  const version = (previous?.version ?? 0) + 1;
  const modelFile = `embedding-model-v${version}.onnx`;
  const bytes = projectionGraph(fit.inputDim, fit.outputDim, fit.mean, fit.scale, fit.components, {
    version: String(version),
    features: featureNames.join(","),
  });
  await writeFileAtomic(join(dataDir, modelFile), bytes);
  const metadata: EmbeddingModelMetadata = {
    schema: 1,
    version,
    createdAt: now.toISOString(),
    modelFile,
    sha256: createHash("sha256").update(bytes).digest("hex"),
    opset: 17,
    featureNames: [...featureNames],
    inputDim: fit.inputDim,
    outputDim: fit.outputDim,
    mean: Array.from(fit.mean),
    scale: Array.from(fit.scale),
    components: Array.from({ length: fit.inputDim }, (_, j) =>
      Array.from(fit.components.subarray(j * fit.outputDim, (j + 1) * fit.outputDim)),
    ),
    explainedVarianceRatio: fit.explainedVarianceRatio,
  };
  await writeJsonAtomic(join(dataDir, MODEL_METADATA_FILE), metadata);
  await pruneOldModels(dataDir, version);
  return metadata;
}

/**
 * Loads the current embedding model. A missing metadata or model file is a 404, a file whose
 * checksum, shape or ONNX content is wrong a 422 — each naming the file.
 *
 * @example const model = await loadEmbeddingModel("data"); const y = await model.embed(x, n, backend);
 */
export async function loadEmbeddingModel(
  dataDir: string,
  validateOnnx?: (bytes: Uint8Array) => Promise<void>,
): Promise<EmbeddingModel> {
  const metadata = await readMetadata(dataDir);
  const path = join(dataDir, metadata.modelFile);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new DaiError(
      "model_missing",
      `${path}: embedding model file is missing; run \`dai vectors update\``,
      { status: 404, cause: error },
    );
  }
  if (createHash("sha256").update(bytes).digest("hex") !== metadata.sha256) {
    throw new DaiError(
      "model_corrupt",
      `${path}: checksum does not match ${MODEL_METADATA_FILE}; the file is corrupt, rerun \`dai vectors update\``,
      {
        status: 422,
      },
    );
  }
  if (validateOnnx) {
    try {
      await validateOnnx(bytes);
    } catch (error) {
      throw new DaiError(
        "model_corrupt",
        `${path}: onnxruntime cannot load the model: ${(error as Error).message}`,
        { status: 422, cause: error },
      );
    }
  }
  const projection: Projection = {
    inputDim: metadata.inputDim,
    outputDim: metadata.outputDim,
    mean: Float32Array.from(metadata.mean),
    scale: Float32Array.from(metadata.scale),
    components: Float32Array.from(metadata.components.flat()),
  };
  return {
    metadata,
    projection,
    async embed(features, n, backend) {
      checkMatrix(features, n, metadata.inputDim, "features");
      return backend.project(features, n, projection);
    },
  };
}

async function readMetadata(dataDir: string): Promise<EmbeddingModelMetadata> {
  const path = join(dataDir, MODEL_METADATA_FILE);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new DaiError("model_missing", `${path}: no embedding model yet; run \`dai vectors update\``, {
      status: 404,
      cause: error,
    });
  }
  let meta: EmbeddingModelMetadata;
  try {
    meta = parseJson(text, path) as EmbeddingModelMetadata;
  } catch (error) {
    throw new DaiError("model_corrupt", (error as Error).message, { status: 422, cause: error });
  }
  const bad = (why: string) => new DaiError("model_corrupt", `${path}: ${why}`, { status: 422 });
  if (meta?.schema !== 1) throw bad(`schema: expected 1, got ${JSON.stringify(meta?.schema)}`);
  if (typeof meta.modelFile !== "string" || !/^embedding-model-v\d+\.onnx$/.test(meta.modelFile))
    throw bad("modelFile: expected embedding-model-v<N>.onnx");
  const { inputDim, outputDim } = meta;
  if (!Number.isInteger(inputDim) || !Number.isInteger(outputDim) || inputDim < 1 || outputDim < 1)
    throw bad("inputDim/outputDim: expected positive integers");
  if (meta.mean?.length !== inputDim || meta.scale?.length !== inputDim)
    throw bad(`mean/scale: expected ${inputDim} values`);
  if (meta.components?.length !== inputDim || meta.components.some((row) => row.length !== outputDim))
    throw bad(`components: expected ${inputDim} × ${outputDim}`);
  if ([...meta.mean, ...meta.scale, ...meta.components.flat()].some((v) => !Number.isFinite(v)))
    throw bad("weights: every value must be a finite number");
  return meta;
}

async function pruneOldModels(dataDir: string, current: number): Promise<void> {
  for (const name of await readdir(dataDir)) {
    const match = /^embedding-model-v(\d+)\.onnx$/.exec(name);
    if (match && Number(match[1]) < current - KEEP_PREVIOUS) await rm(join(dataDir, name), { force: true });
  }
}
