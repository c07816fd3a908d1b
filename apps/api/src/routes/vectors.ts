import type { GuardedRoutes } from "../access.js";
import type { AppDeps } from "../app.js";

/** What the vectors routes need; provided by `features/vectors.ts` in the Node entry, by tests directly. */
// biome-ignore lint/complexity/noBannedTypes: filled in when the routes land
export type VectorsDeps = {};

/** The vectors routes (not built yet). */
export function vectorsRoutes(_routes: GuardedRoutes, deps: AppDeps) {
  if (!deps.vectors) return;
}
