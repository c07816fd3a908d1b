import { existsSync } from "node:fs";
import { stat } from "node:fs/promises";
import { join } from "node:path";
import { readScoreInputs, ScoreStore } from "@dai/ai-scores";
import { type Logger, silentLogger } from "@dai/core";
import { DEMO_FILES } from "@dai/demo-data";
import type { EventBus } from "@dai/event-bus";

export interface ScoreProducer {
  store: ScoreStore;
  /** Re-reads the KPIs if they changed and publishes every dealer whose score moved. */
  refresh(): Promise<number>;
  stop(): void;
}

/**
 * Keeps the AI Visibility scores current and publishes each change on the pulse stream
 * (`score.change`, scoped to the dealer). The first computation is the baseline, not a change.
 */
export async function startScoreProducer(options: {
  dataDir: string;
  bus: EventBus;
  logger?: Logger;
  intervalMs?: number;
}): Promise<ScoreProducer> {
  const logger = options.logger ?? silentLogger;
  const store = new ScoreStore();
  const kpiFile = join(options.dataDir, DEMO_FILES.kpis);
  let seenMtime = -1;
  let baseline = true;
  const refresh = async () => {
    if (!existsSync(kpiFile)) return 0;
    const { mtimeMs } = await stat(kpiFile);
    if (mtimeMs === seenMtime) return 0;
    seenMtime = mtimeMs;
    const update = store.setInputs(await readScoreInputs(options.dataDir));
    if (baseline) {
      baseline = false;
      return 0;
    }
    let published = 0;
    for (const change of update.changed) {
      if (!change.scoreChanged || change.score === null) continue;
      await options.bus.publish(
        "score.change",
        {
          dealerId: change.dealerId,
          score: "aiv",
          previous: change.previousScore,
          value: change.score,
          changedAt: new Date().toISOString(),
        },
        { dealerId: change.dealerId },
      );
      published++;
    }
    logger.info("scores recomputed", { asOf: update.asOf, changed: published });
    return published;
  };
  await refresh();
  const timer = setInterval(() => {
    refresh().catch((error: unknown) => logger.error("score refresh failed", { error }));
  }, options.intervalMs ?? 60_000);
  timer.unref();
  return { store, refresh, stop: () => clearInterval(timer) };
}
