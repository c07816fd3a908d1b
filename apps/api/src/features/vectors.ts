import { meetsTarget, successMetric } from "@dai/manifest-schema";
import type { Feature, FeatureContext } from "../features.js";
import { fileVectorsDeps } from "../routes/vectors.js";

const METRIC_ID = "recommendation-accuracy";

/**
 * Starts the vectors feature for the Node entry: serves `data/dealer-vectors.json` (written by the
 * daily `vector-update` job) and, each time a new run lands, publishes its recommendation accuracy
 * on the pulse stream as the manifest's `recommendation-accuracy` success metric.
 */
export async function startVectors(context: FeatureContext): Promise<Feature> {
  const metric = successMetric(context.manifest, METRIC_ID);
  const deps = fileVectorsDeps(context.dataDir, metric.target / 100);
  const logger = context.logger.child({ component: "vectors" });
  let published: string | undefined;
  const check = async () => {
    try {
      const vectors = await deps.vectors();
      if (!vectors || vectors.generatedAt === published) return;
      published = vectors.generatedAt;
      const value = vectors.accuracy.accuracy;
      await context.bus.publish("metric.update", {
        metricId: METRIC_ID,
        value: value === null ? null : Math.round(value * 1000) / 10,
        target: metric.target,
        comparator: metric.comparator,
        unit: metric.unit,
        status: value === null ? "unknown" : meetsTarget(metric, value * 100) ? "pass" : "fail",
        evaluatedAt: vectors.generatedAt,
      });
      // One event per run: the id is the run's, so a restart that sees the same run again is de-duplicated.
      if (value !== null)
        context.telemetry?.track({
          kind: "model.quality",
          id: `${METRIC_ID}:${vectors.generatedAt}`,
          time: vectors.generatedAt,
          metric: METRIC_ID,
          value,
        });
    } catch (error) {
      logger.warn("cannot read dealer vectors", { error });
    }
  };
  await check();
  const timer = setInterval(check, 60_000);
  timer.unref();
  return { deps: { vectors: deps }, stop: () => clearInterval(timer) };
}
