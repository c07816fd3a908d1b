import base from "@dai/vitest-config";
import { mergeConfig } from "vitest/config";

// Browser tests start servers and Chromium: give them room, and run files one at a time.
export default mergeConfig(base, {
  test: { testTimeout: 60_000, hookTimeout: 120_000, fileParallelism: false },
});
