import type { Copilot, CopilotReply as PackageReply } from "@dai/copilot";

/**
 * What the Copilot routes (`/api/copilot/*`) answer where the route adds to the results of @dai/copilot's
 * `Copilot`; every part is a @dai/copilot or @dai/tone-trainer type.
 */

/** `GET /api/copilot/:dealerId/messages`: the reply and the caller's own earlier ratings by message id. */
export type CopilotReply = PackageReply & { ratings?: Record<string, "up" | "down"> };

/** `GET /api/copilot/tone`: `Copilot.toneOverview()` and the manifest's exploration floor. */
export type ToneOverview = Awaited<ReturnType<Copilot["toneOverview"]>> & { floor: number };

/** `GET /api/copilot/mood-report`: `Copilot.moodOverview()`. */
export type MoodOverview = Awaited<ReturnType<Copilot["moodOverview"]>>;
