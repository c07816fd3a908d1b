import { join } from "node:path";
import { perfLighthouseCommand } from "@dai/bundle-profiler";
import type { CommandSpec } from "@dai/core";
import { createDealerTwinJob, type TwinUpdateHooks } from "@dai/dealer-twin";
import { lighthouseSettings, type Manifest } from "@dai/manifest-schema";
import { MOOD_REPORT_FILE, moodCommand, TONE_WEIGHTS_FILE, trainToneCommand } from "@dai/tone-trainer";
import { BASELINES_FILE, refreshBaselines } from "./baselines.js";
import { runJobCommand } from "./command-run.js";
import { type JobDefinition, JobRegistry } from "./registry.js";
import { vectorsUpdateCommand, vectorUpdateJob } from "./vector-update.js";

export { vectorsUpdateCommand, vectorUpdateJob };

/** The weekly benchmark refresh: dealer baselines per brand and region. */
export const benchmarkRefreshJob: JobDefinition = {
  name: "benchmark-refresh",
  description: "Recompute dealer baselines (per brand/region KPI quartiles) and keep their history",
  scheduleId: "weekly-benchmark-refresh",
  inputs: ["data/dealers.json", "data/kpi-daily.ndjson"],
  outputs: [`data/${BASELINES_FILE}`],
  async run({ dataDir, scheduledFor }) {
    const file = await refreshBaselines(dataDir, 28, scheduledFor);
    const brands = Object.keys(file.current.byBrand).length;
    return {
      summary: `baselines for ${brands} brands and ${Object.keys(file.current.byRegion).length} regions through ${file.current.windowEnd}`,
      outputs: [join(dataDir, BASELINES_FILE)],
      metrics: { brands },
    };
  },
};

/**
 * A job that runs a package's `dai` command on the data dir, so the command and the scheduled job are
 * one piece of code. A non-zero exit code is a failed run, its text the reason.
 */
export function commandJob(command: CommandSpec, job: Omit<JobDefinition, "run">): JobDefinition {
  return {
    ...job,
    async run(context) {
      const { summary } = await runJobCommand(command, job.name, context);
      return {
        summary,
        outputs: job.outputs.map((output) => join(context.dataDir, output.replace(/^data\//, ""))),
      };
    },
  };
}

export const toneTrainingJob = commandJob(trainToneCommand, {
  name: "tone-training",
  description: "Retrain the Copilot tone weights from thumbs up/down (Bayesian, floored, normalised)",
  scheduleId: "nightly-tone-training",
  inputs: ["data/copilot-events.json", "data/copilot-feedback.ndjson"],
  outputs: [`data/${TONE_WEIGHTS_FILE}`],
});

export const moodAnalyticsJob = commandJob(moodCommand, {
  name: "mood-analytics",
  description: "Write the daily mood and feedback report",
  scheduleId: "daily-mood-analytics",
  inputs: ["data/copilot-events.json", "data/copilot-feedback.ndjson"],
  outputs: [`data/${MOOD_REPORT_FILE}`],
});

/**
 * The Lighthouse recheck: audits the running dashboard's pages from the manifest (DAI_DASHBOARD_URL,
 * default the demo's address) and keeps the medians in the build history.
 */
export const lighthouseRecheckJob: JobDefinition = {
  name: "lighthouse-recheck",
  description: "Run Lighthouse on the dashboard's key pages and check the manifest's thresholds",
  scheduleId: "daily-perf-check",
  inputs: ["the running dashboard"],
  outputs: ["data/build-metrics.json"],
  async run({ dataDir, manifest, progress }) {
    const settings = lighthouseSettings(manifest);
    const base = (process.env.DAI_DASHBOARD_URL ?? "http://127.0.0.1:3000").replace(/\/$/, "");
    const result = await perfLighthouseCommand.run({
      args: [],
      options: {
        dataDir,
        url: settings.pages.map((page) => `${base}${page}`).join(","),
        runs: String(settings.runs),
        thresholds: Object.entries(settings.thresholds)
          .map(([category, score]) => `${category}=${score}`)
          .join(","),
      },
      json: false,
      progress,
      cwd: process.cwd(),
      env: process.env,
    });
    const firstLine = (result.text ?? "").split("\n")[0] ?? "";
    if (result.exitCode) throw new Error(firstLine || "Lighthouse thresholds not met");
    return { summary: firstLine, outputs: [join(dataDir, "build-metrics.json")] };
  },
};

/**
 * Every job of the platform, registered once. Packages that own a job export its definition (or the
 * function it wraps) and it is added here, so `dai jobs`, the API's scheduler and the generated
 * workflow all see the same list.
 */
export function defaultJobs(
  manifest: Manifest,
  extra: readonly JobDefinition[] = [],
  hooks: { twin?: TwinUpdateHooks } = {},
): JobRegistry {
  const registry = new JobRegistry(manifest);
  const twinJob: JobDefinition = createDealerTwinJob(hooks.twin);
  const jobs = [
    twinJob,
    vectorUpdateJob,
    toneTrainingJob,
    moodAnalyticsJob,
    benchmarkRefreshJob,
    lighthouseRecheckJob,
  ];
  for (const job of [...jobs, ...extra]) registry.register(job);
  return registry;
}
