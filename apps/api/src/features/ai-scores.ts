import type { Feature, FeatureContext } from "../features.js";

/** Starts the ai-scores feature for the Node entry (not built yet). */
export async function startAiScores(_context: FeatureContext): Promise<Feature> {
  return { deps: {} };
}
