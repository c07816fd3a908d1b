export type { AnalyzeOptions } from "./analyze.js";
export { addSizes, analyzeBuild, assetType, zeroSizes } from "./analyze.js";
export {
  bundleAnalyzeCommand,
  bundleCompareCommand,
  bundleProfilerCommands,
  bundleReportCommand,
  COMPARISON_FILE,
  currentCommit,
  parseThresholds,
  perfLighthouseCommand,
  REPORTS_DIR,
} from "./commands.js";
export type {
  CompareOptions,
  Comparison,
  Delta,
  Regression,
  RouteComparison,
  SizeMetric,
} from "./compare.js";
export { compareApps, compareBuilds, delta, formatBytes } from "./compare.js";
export type { SizerOptions, SizerResult } from "./compress.js";
export { compressedSizes, mapLimit, measureFiles } from "./compress.js";
export type { BuildHistory, HistoryEntry, LighthouseEntry } from "./history.js";
export {
  appendBuilds,
  appendLighthouse,
  emptyHistory,
  findBaseline,
  HISTORY_FILE,
  historyPath,
  latestApps,
  latestBuild,
  readHistory,
  saveBaseline,
  toHistoryEntry,
  writeHistory,
} from "./history.js";
export type { LighthouseOptions, LighthouseResult, LighthouseRun, LighthouseRunner } from "./lighthouse.js";
export { CHROMIUM_FLAGS, DEFAULT_CATEGORIES, launchChromium, median, runLighthouse } from "./lighthouse.js";
export { analyzeModules } from "./modules.js";
export { readNextBuild, resolveDistDir, segmentCssKeys } from "./next-build.js";
export type { PerfNotices } from "./notices.js";
export { bundleNotices, NOTICES_FILE, withLighthouse } from "./notices.js";
export { bundleMarkdown, comparisonLines, comparisonsMarkdown } from "./report.js";
export { attributeSources, normalizeSource, packageOf } from "./sourcemap.js";
export * from "./types.js";
