import type { GuardedRoutes } from "../access.js";
import type { AppDeps } from "../app.js";

/** What the copilot routes need; provided by `features/copilot.ts` in the Node entry, by tests directly. */
// biome-ignore lint/complexity/noBannedTypes: filled in when the routes land
export type CopilotDeps = {};

/** The copilot routes (not built yet). */
export function copilotRoutes(_routes: GuardedRoutes, deps: AppDeps) {
  if (!deps.copilot) return;
}
