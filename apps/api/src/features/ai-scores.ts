import { join } from "node:path";
import {
  buildSnapshot,
  cacheBoundsFromManifest,
  ResourceCache,
  ScoreApi,
  TtlTuner,
  writeSnapshot,
} from "@dai/ai-scores";
import type { Feature, FeatureContext } from "../features.js";
import type { AiScoresDeps } from "../routes/ai-scores.js";
import { startScoreProducer } from "../scores.js";

/** Where the Node side publishes the snapshot the edge entry serves (`dai scores snapshot` writes the same). */
export const SNAPSHOT_FILE = "ai-scores-snapshot.json";

/**
 * Starts the ai-scores feature for the Node entry: the score producer (recomputes scores when the
 * KPIs change and publishes `score.change` on the pulse stream), the TTL tuner and in-process cache
 * behind `/api/ai-scores`, seeded with each dealer's past change times, and the edge snapshot in
 * `<dataDir>/ai-scores-snapshot.json`, rewritten atomically after every score update (debounced).
 */
export async function startAiScores(context: FeatureContext): Promise<Feature> {
  const logger = context.logger.child({ component: "scores" });
  const producer = await startScoreProducer({ dataDir: context.dataDir, bus: context.bus, logger });
  const { deps, stop } = createAiScoresDeps(producer.store, cacheBoundsFromManifest(context.manifest));
  const snapshotPath = join(context.dataDir, SNAPSHOT_FILE);
  let timer: NodeJS.Timeout | undefined;
  let writtenAt: string | null = null;
  const publish = async () => {
    try {
      const snapshot = buildSnapshot({
        scores: producer.store.list(),
        bounds: deps.api.cache.tuner.bounds,
        // Scoped lists (`[dealers:…]scores:list…`) are per caller: the edge serves only shared answers.
        decisions: deps.api.cache.tuner.decisions().filter((d) => !d.resource.startsWith("[")),
      });
      await writeSnapshot(snapshotPath, snapshot);
      writtenAt = snapshot.generatedAt;
    } catch (error) {
      logger.error("cannot write the score snapshot", { error, path: snapshotPath });
    }
  };
  await publish();
  const unsubscribe = producer.store.subscribe(() => {
    clearTimeout(timer);
    timer = setTimeout(() => void publish(), 1000);
    timer.unref();
  });
  deps.snapshot = () => ({ path: snapshotPath, writtenAt });
  return {
    deps: { aiScores: deps },
    stop: () => {
      clearTimeout(timer);
      unsubscribe();
      stop();
      producer.stop();
    },
  };
}

/**
 * The routes' dependencies over a score store: tuner (manifest bounds, seeded with each dealer's past
 * daily changes so a fresh process does not start from the prior), cache and API. Tests use it directly.
 */
export function createAiScoresDeps(
  store: ScoreApi["store"],
  bounds: ConstructorParameters<typeof TtlTuner>[0]["bounds"],
): { deps: AiScoresDeps; stop: () => void } {
  const tuner = new TtlTuner({ bounds });
  for (const score of store.list()) {
    const times = store.changeTimes(score.dealerId);
    if (times.length > 0) tuner.seedChanges(`score:${score.dealerId}`, times);
  }
  // Answers behind access control are per caller: never for shared caches (see routes/ai-scores.ts).
  const api = new ScoreApi({ store, cache: new ResourceCache({ tuner }), visibility: "private" });
  return { deps: { api }, stop: () => api.unsubscribe() };
}
