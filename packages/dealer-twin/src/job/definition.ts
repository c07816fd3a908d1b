import { join } from "node:path";
import type { Progress } from "@dai/core";
import type { Manifest } from "@dai/manifest-schema";
import { runTwinUpdate, TWIN_FILES, type TwinUpdateHooks } from "./update.js";

/** The part of a scheduler's job context the twin job needs (structurally `@dai/jobs`' JobContext). */
export interface TwinJobContext {
  dataDir: string;
  manifest: Manifest;
  progress: Progress;
  scheduledFor: Date;
}

/**
 * The daily twin update as a scheduler job definition (shape of `@dai/jobs`' `JobDefinition`, so the
 * job registry can take it as is): schedule `dealer-twin-update` (`systems.dealerTwin.schedule`,
 * 1 AM UTC in the manifest), horizon and target from the manifest.
 *
 * @example defaultJobs(manifest, [createDealerTwinJob({ onTwinUpdated: publish })])
 */
export function createDealerTwinJob(hooks: TwinUpdateHooks = {}) {
  return {
    name: "dealer-twin-update",
    description: "Re-forecast every dealer's KPIs, record forecast deviation and anomalies (dai twin update)",
    scheduleId: "dealer-twin-update",
    inputs: [`data/${TWIN_FILES.kpis}`],
    outputs: [`data/${TWIN_FILES.twins}`, `data/${TWIN_FILES.log}`],
    async run(context: TwinJobContext) {
      const system = context.manifest.systems.dealerTwin;
      const run = await runTwinUpdate({
        dataDir: context.dataDir,
        horizonDays: system.forecastHorizonDays,
        deviationTarget: system.successMetric.target,
        logFile: system.logFile,
        progress: context.progress,
        now: context.scheduledFor,
        hooks,
      });
      const deviation = run.deviation.platform.value;
      const metrics: Record<string, number> = {
        dealers: run.dealers.updated,
        failures: run.dealers.failed,
        anomalies: run.anomalies,
        durationMs: run.durationMs,
      };
      if (deviation !== null) metrics.forecastDeviation = deviation;
      return {
        summary: `${run.dealers.updated}/${run.dealers.total} dealer twins, forecast deviation ${deviation ?? "–"}% (target < ${system.successMetric.target}%)`,
        outputs: [join(context.dataDir, TWIN_FILES.twins), join(context.dataDir, TWIN_FILES.log)],
        metrics,
      };
    },
  };
}
