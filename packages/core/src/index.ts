export {
  appendDurably,
  readDurableLog,
  syncDirectory,
  writeFileAtomic,
  writeJsonAtomic,
  writeNdjsonAtomic,
} from "./atomic.js";
export type {
  CommandArgument,
  CommandContext,
  CommandOption,
  CommandResult,
  CommandSpec,
} from "./command.js";
export { commandDataDir, DATA_DIR_OPTION, defineCommand } from "./command.js";
export { isSecretName, loadEnv } from "./env.js";
export type { Problem, ProblemDetail } from "./errors.js";
export { DaiError, isUserError, PROBLEM_CONTENT_TYPE, toProblem } from "./errors.js";
export { lineAndColumn, parseJson } from "./json.js";
export type { Logger, LoggerOptions, LogLevel } from "./logger.js";
export { createLogger, silentLogger } from "./logger.js";
export { findProjectRoot, MANIFEST_RELATIVE_PATH, resolveDataDir, resolveManifestPath } from "./paths.js";
export type { Progress } from "./progress.js";
export { createProgress, silentProgress } from "./progress.js";
export { mulberry32, type Random } from "./random.js";
export { type ParseWithOptions, parseWith } from "./schema.js";
export { formatTable } from "./table.js";
