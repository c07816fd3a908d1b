export type { ListedSuccessMetric } from "./accessors.js";
export {
  autoProfilingThreshold,
  formatTarget,
  lighthouseSettings,
  listSchedules,
  listSuccessMetrics,
  meetsTarget,
  motionRangeMs,
  successMetric,
  toneFloor,
  unitSuffix,
} from "./accessors.js";
export {
  manifestCommands,
  manifestShowCommand,
  manifestValidateCommand,
  upgradeCommand,
} from "./commands.js";
export type { JsonChange } from "./diff.js";
export { diffJson, formatDiff } from "./diff.js";
export { JSON_SCHEMA_FILE_NAME, manifestJsonSchema, manifestJsonSchemaText } from "./json-schema.js";
export type { ValidationResult } from "./load.js";
export { loadManifest, parseManifest, readManifestDocument, validateManifest } from "./load.js";
export type { Migration, UpgradeResult } from "./migrations.js";
export { compareVersions, MIGRATIONS, parseMetricSentence, upgradeManifest } from "./migrations.js";
export type {
  Comparator,
  Manifest,
  NamedSchedule,
  Schedule,
  ScriptSpec,
  SuccessMetric,
  SystemKey,
  SystemStatus,
  Systems,
  Unit,
  Workflow,
} from "./schema.js";
export {
  CURRENT_MANIFEST_VERSION,
  comparatorSchema,
  cronSchema,
  manifestSchema,
  successMetricSchema,
  unitSchema,
} from "./schema.js";
