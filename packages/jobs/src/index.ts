export type { BaselineSnapshot, BaselinesFile, Distribution } from "./baselines.js";
export { BASELINES_FILE, quantile, refreshBaselines } from "./baselines.js";
export {
  benchmarkRefreshJob,
  commandJob,
  defaultJobs,
  lighthouseRecheckJob,
  moodAnalyticsJob,
  toneTrainingJob,
  vectorsUpdateCommand,
  vectorUpdateJob,
} from "./catalog.js";
export { jobCommands } from "./commands.js";
export { JobLock } from "./lock.js";
export type { JobContext, JobDefinition, JobOutcome, RegisteredJob } from "./registry.js";
export { JobRegistry } from "./registry.js";
export type { JobRunRecord, RunTrigger } from "./run-log.js";
export { JobRunLog, RUN_LOG_FILE } from "./run-log.js";
export type { RunnerDeps } from "./runner.js";
export { runJob } from "./runner.js";
export type { Clock } from "./scheduler.js";
export { nextRunOf, Scheduler, systemClock } from "./scheduler.js";
export type { LoopSummary } from "./summary.js";
export { summariseLoop } from "./summary.js";
export { toneWeightsLookup } from "./vector-update.js";
export { generateSelfOptimizationWorkflow, selfOptimizationWorkflowPath } from "./workflow.js";
