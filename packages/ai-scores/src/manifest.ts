import { DaiError } from "@dai/core";
import { loadManifest, type Manifest } from "@dai/manifest-schema";
import type { CacheBounds } from "./types.js";

/**
 * The TTL bounds of `systems.edgeOrchestration.cache`; a DaiError (422) when min > max.
 *
 * @example cacheBoundsFromManifest(await loadManifest()) // { minTtlSeconds: 5, maxTtlSeconds: 3600, staleWhileRevalidateSeconds: 60 }
 */
export function cacheBoundsFromManifest(manifest: Manifest): CacheBounds {
  const { minTtlSeconds, maxTtlSeconds, staleWhileRevalidateSeconds } =
    manifest.systems.edgeOrchestration.cache;
  if (minTtlSeconds > maxTtlSeconds) {
    const path = "systems.edgeOrchestration.cache.minTtlSeconds";
    throw new DaiError(
      "invalid_manifest",
      `${path}: ${minTtlSeconds} is above maxTtlSeconds ${maxTtlSeconds}`,
      {
        status: 422,
        field: path,
      },
    );
  }
  return { minTtlSeconds, maxTtlSeconds, staleWhileRevalidateSeconds };
}

/** Loads the manifest (MANIFEST_PATH or the project's) and returns its cache bounds. */
export async function loadCacheBounds(path?: string): Promise<CacheBounds> {
  return cacheBoundsFromManifest(await loadManifest(path));
}
