import base from "@dai/vitest-config";
import { defineConfig } from "vitest/config";

// `pnpm bench`: browser benchmarks, kept out of `pnpm test` (they take a minute or two). The base's
// settings, but only the benchmark files (mergeConfig would add them to the base's test files).
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ["bench/**/*.bench.ts"],
    testTimeout: 300_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
