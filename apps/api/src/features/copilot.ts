import { Copilot, chatAdapterFromEnv } from "@dai/copilot";
import type { Feature, FeatureContext } from "../features.js";

/**
 * Starts the Copilot for the Node entry: the template generator, or an OpenAI-compatible model when
 * COPILOT_LLM_URL / COPILOT_LLM_MODEL (/ COPILOT_LLM_API_KEY) are set — a bad value stops start-up with
 * a message naming the variable. Ratings go to `data/copilot-feedback.ndjson`, to telemetry and to the bus.
 */
export async function startCopilot(context: FeatureContext): Promise<Feature> {
  const logger = context.logger.child({ component: "copilot" });
  const chat = chatAdapterFromEnv(context.env);
  if (chat) logger.info("copilot: model on", { model: chat.model });
  const copilot = new Copilot({ dataDir: context.dataDir, manifest: context.manifest, chat, logger });
  // Weights over time are replayed from the events once per change of the files: start now, so the
  // meta page's first visit does not wait for it.
  copilot.toneOverview().catch((error: unknown) => logger.warn("copilot: tone history failed", { error }));
  return {
    deps: {
      copilot: {
        copilot,
        telemetry: context.telemetry,
        publish: (event) => context.bus.publish("copilot.event", event, { dealerId: event.dealerId }),
      },
    },
  };
}
