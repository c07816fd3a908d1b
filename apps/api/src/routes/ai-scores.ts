import type { GuardedRoutes } from "../access.js";
import type { AppDeps } from "../app.js";

/** What the ai-scores routes need; provided by `features/ai-scores.ts` in the Node entry, by tests directly. */
// biome-ignore lint/complexity/noBannedTypes: filled in when the routes land
export type AiScoresDeps = {};

/** The ai-scores routes (not built yet). */
export function aiScoresRoutes(_routes: GuardedRoutes, deps: AppDeps) {
  if (!deps.aiScores) return;
}
