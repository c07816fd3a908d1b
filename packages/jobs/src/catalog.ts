import { join } from "node:path";
import type { Manifest } from "@dai/manifest-schema";
import { BASELINES_FILE, refreshBaselines } from "./baselines.js";
import { type JobDefinition, JobRegistry } from "./registry.js";

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
 * Every job of the platform, registered once. Packages that own a job export its definition (or the
 * function it wraps) and it is added here, so `dai jobs`, the API's scheduler and the generated
 * workflow all see the same list.
 */
export function defaultJobs(manifest: Manifest, extra: readonly JobDefinition[] = []): JobRegistry {
  const registry = new JobRegistry(manifest);
  for (const job of [benchmarkRefreshJob, ...extra]) registry.register(job);
  return registry;
}
