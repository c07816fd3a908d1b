import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import ort from "onnxruntime-node";
import { describe, expect, it } from "vitest";
import { randomMatrix, tempDir } from "./__tests__/data.js";
import { runModelBytes } from "./backend/onnx.js";
import { createPureBackend } from "./backend/pure.js";
import { exportEmbeddingModel, loadEmbeddingModel, MODEL_METADATA_FILE } from "./model.js";
import { fitPca } from "./pca.js";

const validate = async (bytes: Uint8Array) => {
  const session = await ort.InferenceSession.create(bytes);
  await session.release();
};

async function exported() {
  const dir = await tempDir();
  const x = randomMatrix(11, 50, 6);
  const fit = fitPca(x, 50, 6, 3);
  const meta = await exportEmbeddingModel(
    dir,
    fit,
    ["a", "b", "c", "d", "e", "f"],
    new Date("2026-01-01T00:00:00Z"),
  );
  return { dir, x, fit, meta };
}

describe("embedding model export", () => {
  it("writes an ONNX file that onnxruntime runs to the same embedding as the pure projection", async () => {
    const { dir, x, fit, meta } = await exported();
    expect(meta.version).toBe(1);
    const bytes = await readFile(join(dir, meta.modelFile));
    const fromFile = await runModelBytes(ort, bytes, x, 50, 6, 1);
    const model = await loadEmbeddingModel(dir, validate);
    const fromPure = await model.embed(x, 50, createPureBackend());
    expect(fromFile).toHaveLength(150);
    fromFile.forEach((v, i) => {
      expect(v).toBeCloseTo(fromPure[i] as number, 4);
    });
    expect(Array.from(model.projection.components)).toEqual(Array.from(fit.components));
    expect(model.metadata.featureNames).toEqual(["a", "b", "c", "d", "e", "f"]);
  });

  it("increments the version on every export and prunes old model files", async () => {
    const { dir, fit } = await exported();
    for (let i = 0; i < 4; i++) await exportEmbeddingModel(dir, fit, ["a", "b", "c", "d", "e", "f"]);
    const model = await loadEmbeddingModel(dir);
    expect(model.metadata.version).toBe(5);
    expect((await readdir(dir)).filter((f) => f.endsWith(".onnx")).sort()).toEqual([
      "embedding-model-v3.onnx",
      "embedding-model-v4.onnx",
      "embedding-model-v5.onnx",
    ]);
  });

  it("reports a missing model or metadata file as model_missing (404)", async () => {
    await expect(loadEmbeddingModel(await tempDir())).rejects.toMatchObject({
      code: "model_missing",
      status: 404,
    });
    const { dir, meta } = await exported();
    await writeFile(
      join(dir, MODEL_METADATA_FILE),
      JSON.stringify({ ...meta, modelFile: "embedding-model-v9.onnx" }),
    );
    await expect(loadEmbeddingModel(dir)).rejects.toThrow(
      /embedding-model-v9.onnx: embedding model file is missing/,
    );
  });

  it("reports a corrupt model file (checksum, ONNX content) or metadata as model_corrupt (422)", async () => {
    const { dir, meta } = await exported();
    const path = join(dir, meta.modelFile);
    const bytes = await readFile(path);
    await writeFile(path, bytes.subarray(0, 20));
    await expect(loadEmbeddingModel(dir)).rejects.toMatchObject({ code: "model_corrupt", status: 422 });
    // Garbage with a matching checksum gets past the hash; onnxruntime itself must then refuse it.
    const garbage = Buffer.from("definitely not a protobuf");
    const { createHash } = await import("node:crypto");
    await writeFile(path, garbage);
    await writeFile(
      join(dir, MODEL_METADATA_FILE),
      JSON.stringify({ ...meta, sha256: createHash("sha256").update(garbage).digest("hex") }),
    );
    await expect(loadEmbeddingModel(dir, validate)).rejects.toThrow(/onnxruntime cannot load the model/);
    await writeFile(join(dir, MODEL_METADATA_FILE), "{ not json");
    await expect(loadEmbeddingModel(dir)).rejects.toMatchObject({ code: "model_corrupt" });
    await writeFile(join(dir, MODEL_METADATA_FILE), JSON.stringify({ ...meta, mean: [1] }));
    await expect(loadEmbeddingModel(dir)).rejects.toThrow(/mean\/scale: expected 6 values/);
  });

  it("refuses features of the wrong width when embedding", async () => {
    const { dir } = await exported();
    const model = await loadEmbeddingModel(dir);
    await expect(model.embed(new Float32Array(5), 1, createPureBackend())).rejects.toThrow(
      /features: expected 1 × 6 = 6 values, got 5/,
    );
  });
});
