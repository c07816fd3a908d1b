import type { Feature, FeatureContext } from "../features.js";

/** Starts the copilot feature for the Node entry (not built yet). */
export async function startCopilot(_context: FeatureContext): Promise<Feature> {
  return { deps: {} };
}
