import { readFileSync } from "node:fs";
import { join } from "node:path";

export const projectRoot = join(import.meta.dirname, "..", "..", "..", "..");
export const manifestPath = join(projectRoot, "manifest", "dealershipai-hyper-optimization-manifest.json");
export const legacyManifestPath = join(import.meta.dirname, "..", "..", "fixtures", "manifest-0.9.0.json");

/** A fresh, mutable copy of the committed manifest. */
export function committedManifest(): Record<string, any> {
  return JSON.parse(readFileSync(manifestPath, "utf8"));
}

export function legacyManifest(): Record<string, any> {
  return JSON.parse(readFileSync(legacyManifestPath, "utf8"));
}
