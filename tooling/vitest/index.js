// The one test preset of the repo: every package's vitest.config.ts is `export { default } from "@dai/vitest-config"`
// or extends it with `mergeConfig`, so test discovery, timeouts and reporters stay the same everywhere.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["**/*.test.ts", "**/*.test.tsx"],
    exclude: ["**/node_modules/**", "**/dist/**", "**/.next/**"],
    environment: "node",
    testTimeout: 20_000,
    hookTimeout: 60_000,
    passWithNoTests: false,
  },
});
