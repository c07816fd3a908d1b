import type { Feature, FeatureContext } from "../features.js";

/** Starts the vectors feature for the Node entry (not built yet). */
export async function startVectors(_context: FeatureContext): Promise<Feature> {
  return { deps: {} };
}
