import type { Feature, FeatureContext } from "../features.js";

/** Starts the bundles feature for the Node entry (not built yet). */
export async function startBundles(_context: FeatureContext): Promise<Feature> {
  return { deps: {} };
}
