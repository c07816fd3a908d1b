import { readFileSync } from "node:fs";
import { findProjectRoot, MANIFEST_RELATIVE_PATH } from "@dai/core";
import { loadManifest } from "@dai/manifest-schema";
import { describe, expect, it } from "vitest";
import { cacheBoundsFromManifest, loadCacheBounds } from "./manifest.js";

describe("cache bounds", () => {
  it("come from systems.edgeOrchestration.cache of the project manifest", async () => {
    const root = findProjectRoot() as string;
    const raw = JSON.parse(readFileSync(`${root}/${MANIFEST_RELATIVE_PATH}`, "utf8"));
    expect(await loadCacheBounds()).toEqual(raw.systems.edgeOrchestration.cache);
  });

  it("are refused with a 422 naming the field when min is above max", async () => {
    const manifest = await loadManifest();
    const broken = structuredClone(manifest);
    broken.systems.edgeOrchestration.cache.minTtlSeconds = 7200;
    expect(() => cacheBoundsFromManifest(broken)).toThrow(/systems\.edgeOrchestration\.cache\.minTtlSeconds/);
  });
});
