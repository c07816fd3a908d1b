import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { buildFixtures } from "../../fixtures/build.mjs";
import { WEB_APP_DIR } from "./fixtures.js";

/** Builds what the tests read: the fixture apps (both builders) and, when missing, apps/web. */
export default function setup(): void {
  buildFixtures();
  if (!existsSync(join(WEB_APP_DIR, ".next", "BUILD_ID"))) {
    // Other engineers build apps/web too; build it only when nobody has, and never delete it.
    const result = spawnSync("pnpm", ["--filter", "@dai/web", "build"], {
      cwd: join(WEB_APP_DIR, "..", ".."),
      stdio: "inherit",
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", TURBO_TELEMETRY_DISABLED: "1" },
    });
    if (result.status !== 0) throw new Error("pnpm --filter @dai/web build failed");
  }
}
