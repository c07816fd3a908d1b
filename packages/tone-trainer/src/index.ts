export type { BetaParams } from "./beta.js";
export {
  betaCdf,
  betaMean,
  betaQuantile,
  betaVariance,
  lnBeta,
  lnGamma,
  sampleBeta,
  sampleGamma,
} from "./beta.js";
export {
  FEEDBACK_FILE,
  MOOD_REPORT_FILE,
  moodCommand,
  TONE_WEIGHTS_FILE,
  toneTrainerCommands,
  trainToneCommand,
} from "./commands.js";
export type { CellCounts, FeedbackCounts } from "./counts.js";
export { FeedbackAccumulator } from "./counts.js";
export type { DuckDbCountOptions, DuckDbCountResult } from "./duckdb.js";
export { countWithDuckDb, duckDbCountSql } from "./duckdb.js";
export type { EasterEggState } from "./easter-egg.js";
export { DEFAULT_EASTER_EGG_LEVELS, EasterEggBandit, shouldAddQuote } from "./easter-egg.js";
export type { FeedbackEvent } from "./events.js";
export { DEFAULT_MOODS, DEFAULT_TONES, EVENT_TYPE, parseFeedbackEvent } from "./events.js";
export type { MoodOptions, MoodReport, MoodStats, MoodTrend } from "./mood.js";
export { MoodAccumulator, moodReport } from "./mood.js";
export type { ToneWeightsFile } from "./output.js";
export { readPreviousWeights, toWeightsFile, weightsFor } from "./output.js";
export type {
  ClusterWeights,
  PosteriorModel,
  PosteriorOptions,
  TonePosterior,
  WeightSet,
} from "./posterior.js";
export { buildPosteriorModel } from "./posterior.js";
export { kahanSum, projectOntoFlooredSimplex } from "./projection.js";
export type { InputRecord } from "./reader.js";
export { readJsonRecords } from "./reader.js";
export type { EventSource, ScanOptions, ScanSummary } from "./scan.js";
export { scanEvents } from "./scan.js";
export type { SelectorOptions } from "./selector.js";
export { chooseTone, pickWeighted, ToneSelector } from "./selector.js";
export type { ToneSettings } from "./settings.js";
export { loadClusters, sentimentTarget, toneSettings } from "./settings.js";
export type { SimulationOptions, SimulationPolicy, SimulationResult } from "./simulate.js";
export { simulateSelection } from "./simulate.js";
export type { ToneTraining, TrainOptions, TrainSummary } from "./train.js";
export { countFeedback, trainTone } from "./train.js";
export type { WeightMethod, WeightOptions } from "./weights.js";
export { probabilityOfBest, toneWeights } from "./weights.js";
