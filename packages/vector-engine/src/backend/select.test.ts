import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { DaiError } from "@dai/core";
import { describe, expect, it } from "vitest";
import { createBackend } from "./select.js";

const brokenBinding = async () => {
  throw new Error("Cannot find module '../bin/napi-v6/linux/x64/onnxruntime_binding.node'");
};

describe("createBackend", () => {
  it("uses onnxruntime-node when it loads", async () => {
    const { backend, fallbackReason } = await createBackend();
    expect(backend.name).toBe("onnx");
    expect(fallbackReason).toBeUndefined();
    await backend.dispose();
  });

  it("falls back to the pure backend, and says why, when onnxruntime-node cannot load", async () => {
    const reasons: string[] = [];
    const { backend, fallbackReason } = await createBackend({
      loadOrt: brokenBinding,
      onFallback: (r) => reasons.push(r),
    });
    expect(backend.name).toBe("pure");
    expect(fallbackReason).toMatch(/onnxruntime-node unavailable: Cannot find module/);
    expect(reasons).toEqual([fallbackReason]);
    const { indices } = await backend.topK(
      new Float32Array([1, 0]),
      1,
      new Float32Array([0, 1, 1, 0]),
      2,
      2,
      1,
    );
    expect(Array.from(indices)).toEqual([1]);
  });

  it("falls back when the module loads but its native session cannot run", async () => {
    const fakeOrt = {
      InferenceSession: { create: async () => Promise.reject(new Error("binding missing")) },
      Tensor: class {},
    };
    const { backend } = await createBackend({ loadOrt: async () => fakeOrt as never, onFallback: () => {} });
    expect(backend.name).toBe("pure");
  });

  it("refuses with a 503 when onnx is required but cannot load", async () => {
    const error = await createBackend({ prefer: "onnx", loadOrt: brokenBinding }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DaiError);
    expect((error as DaiError).status).toBe(503);
    expect((error as DaiError).code).toBe("backend_unavailable");
  });

  it("keeps the pure backend free of Node built-ins and native modules (browser/edge safe)", async () => {
    const seen = new Set<string>();
    const queue = ["pure.ts"];
    while (queue.length > 0) {
      const file = queue.pop() as string;
      if (seen.has(file)) continue;
      seen.add(file);
      const source = await readFile(join(import.meta.dirname, file), "utf8");
      for (const [, specifier] of source.matchAll(/from "([^"]+)"/g)) {
        expect(specifier, `${file} imports ${specifier}`).toMatch(/^\.\//);
        queue.push((specifier as string).replace(/^\.\//, "").replace(/\.js$/, ".ts"));
      }
    }
    expect([...seen].sort()).toEqual([
      "kernel.ts",
      "pure.ts",
      "simd-bytes.ts",
      "simd.ts",
      "topk-heap.ts",
      "types.ts",
    ]);
  });
});
