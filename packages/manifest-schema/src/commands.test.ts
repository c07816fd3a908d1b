import { copyFile, mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { silentProgress } from "@dai/core";
import { describe, expect, it } from "vitest";
import { legacyManifestPath } from "./__tests__/fixtures.js";
import { upgradeCommand } from "./commands.js";
import { loadManifest } from "./load.js";

async function legacyCopy() {
  const dir = await mkdtemp(join(tmpdir(), "dai-upgrade-"));
  const file = join(dir, "manifest.json");
  await copyFile(legacyManifestPath, file);
  return file;
}

const context = (options: Record<string, string | boolean>) => ({
  args: [],
  options,
  json: false,
  progress: silentProgress,
  cwd: process.cwd(),
  env: {},
});

describe("dai upgrade", () => {
  it("--dry-run prints the diff and leaves the file as it was", async () => {
    const file = await legacyCopy();
    const before = await readFile(file, "utf8");
    const result = await upgradeCommand.run(context({ file, dryRun: true }));
    expect(result.text).toContain("would upgrade 0.9.0 → 1.0.0");
    expect(result.text).toContain("+ systems.autoProfiling.threshold: 5");
    expect(await readFile(file, "utf8")).toBe(before);
  });

  it("writes the upgraded manifest, which then loads", async () => {
    const file = await legacyCopy();
    await upgradeCommand.run(context({ file }));
    const manifest = await loadManifest(file);
    expect(manifest.version).toBe("1.0.0");
    expect(manifest.systems.autoProfiling.threshold).toBe(5);
    const again = await upgradeCommand.run(context({ file }));
    expect(again.text).toContain("already at 1.0.0, nothing to do");
  });
});
