import type { GuardedRoutes } from "../access.js";
import type { AppDeps } from "../app.js";

/** What the bundles routes need; provided by `features/bundles.ts` in the Node entry, by tests directly. */
// biome-ignore lint/complexity/noBannedTypes: filled in when the routes land
export type BundlesDeps = {};

/** The bundles routes (not built yet). */
export function bundlesRoutes(_routes: GuardedRoutes, deps: AppDeps) {
  if (!deps.bundles) return;
}
