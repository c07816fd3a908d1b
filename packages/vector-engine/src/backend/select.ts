import { createLogger, DaiError } from "@dai/core";
import { createOnnxBackend, type OrtModule } from "./onnx.js";
import { createPureBackend } from "./pure.js";
import type { ComputeBackend } from "./types.js";

export type BackendPreference = "auto" | "onnx" | "pure";

export interface CreateBackendOptions {
  /** `auto` (default) uses onnxruntime-node when it loads and the pure backend otherwise. */
  prefer?: BackendPreference;
  threads?: number;
  /** How onnxruntime-node is loaded; tests replace it to simulate a missing native binding. */
  loadOrt?: () => Promise<OrtModule>;
  /** Told why the fast backend is not used (default: a warning on the logger). */
  onFallback?: (reason: string) => void;
}

export interface SelectedBackend {
  backend: ComputeBackend;
  /** Why the pure backend took over, when `auto` wanted onnx. */
  fallbackReason?: string;
}

const defaultLoadOrt = async (): Promise<OrtModule> => {
  const loaded = (await import("onnxruntime-node")) as OrtModule & { default?: OrtModule };
  return loaded.default ?? loaded;
};

/**
 * Picks the compute backend. onnxruntime-node is a native addon that may be missing on a platform;
 * with `auto` its load failure is not fatal: the pure-TS backend (same results, slower) takes over.
 *
 * @example
 * const { backend, fallbackReason } = await createBackend();
 */
export async function createBackend(options: CreateBackendOptions = {}): Promise<SelectedBackend> {
  const prefer = options.prefer ?? "auto";
  if (prefer === "pure") return { backend: createPureBackend() };
  try {
    const ort = await (options.loadOrt ?? defaultLoadOrt)();
    // Loading the JS wrapper can succeed while the binding is broken: probe a tiny session.
    const backend = createOnnxBackend(ort, options.threads === undefined ? {} : { threads: options.threads });
    await backend.topK(new Float32Array(1), 1, new Float32Array(1), 1, 1, 1);
    return { backend };
  } catch (error) {
    const reason = `onnxruntime-node unavailable: ${error instanceof Error ? error.message : String(error)}`;
    if (prefer === "onnx") throw new DaiError("backend_unavailable", reason, { status: 503, cause: error });
    (options.onFallback ?? ((r) => createLogger({ fields: { package: "vector-engine" } }).warn(r)))(reason);
    return { backend: createPureBackend(), fallbackReason: reason };
  }
}
