import preset from "@dai/vitest-config";
import { defineConfig, mergeConfig } from "vitest/config";

// The global setup builds the fixture apps once (skipped while their builds are newer than their sources).
export default mergeConfig(
  preset,
  defineConfig({ test: { globalSetup: ["./src/__tests__/global-setup.ts"] } }),
);
