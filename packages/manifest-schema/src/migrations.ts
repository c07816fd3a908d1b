import { DaiError } from "@dai/core";
import { CURRENT_MANIFEST_VERSION } from "./schema.js";

/** One step that rewrites a manifest document of version `from` (a major.minor prefix or exact) into `to`. */
export interface Migration {
  readonly from: string;
  readonly to: string;
  readonly description: string;
  up(document: Record<string, unknown>): Record<string, unknown>;
}

export interface UpgradeResult {
  readonly document: Record<string, unknown>;
  readonly fromVersion: string;
  readonly toVersion: string;
  readonly applied: readonly { from: string; to: string; description: string }[];
}

type Json = Record<string, unknown>;

/** Ids the 1.0 manifest gives each system's metric; 0.x manifests had only a sentence. */
const SYSTEM_METRIC_IDS: Record<string, string> = {
  edgeOrchestration: "edge-p95-latency",
  dealerTwin: "forecast-deviation",
  vectorPersonalization: "recommendation-accuracy",
  eventBus: "unified-update-latency",
  adaptiveMotion: "average-fps-drop",
  predictiveSoundscape: "soundscape-opt-in-rate",
  metaTelemetry: "data-freshness",
  autoProfiling: "bundle-regression-correction-time",
};

const UNITS: Record<string, string> = {
  ms: "ms",
  s: "s",
  sec: "s",
  min: "minutes",
  mins: "minutes",
  minutes: "minutes",
  h: "hours",
  hr: "hours",
  hours: "hours",
  d: "days",
  days: "days",
  "%": "percent",
  fps: "fps",
};

const COMPARATORS: Record<string, string> = {
  "<": "lt",
  "<=": "lte",
  "≤": "lte",
  ">": "gt",
  ">=": "gte",
  "≥": "gte",
  "=": "eq",
  "±": "within",
  "+": "gte",
};

/**
 * Parses a 0.x metric sentence such as `p95 latency <120ms`, `±5%`, `>0.8` or `99.99%` into the 1.0
 * shape. A bare number is a floor (`gte`); a number without a unit is a ratio.
 */
export function parseMetricSentence(
  sentence: string,
  where: string,
): { name: string; comparator: string; target: number; unit: string } {
  const match =
    /^(?<name>.*?)\s*(?<cmp><=|>=|[<>≤≥=±+])?\s*(?<num>\d+(?:\.\d+)?)\s*(?<unit>ms|sec|s|mins?|minutes|hr|h|hours|d|days|%|fps)?\s*$/i.exec(
      sentence.trim(),
    );
  const groups = match?.groups;
  if (!groups) {
    throw new DaiError(
      "migration_failed",
      `${where}: cannot read a target from "${sentence}" (expected e.g. "p95 latency <120ms")`,
    );
  }
  return {
    name: (groups.name ?? "").trim(),
    comparator: COMPARATORS[groups.cmp ?? ""] ?? "gte",
    target: Number(groups.num),
    unit: groups.unit ? (UNITS[groups.unit.toLowerCase()] ?? "count") : "ratio",
  };
}

function slugify(value: string): string {
  return value
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

function titleCase(key: string): string {
  return key.replace(/([a-z])([A-Z])/g, "$1 $2").replace(/^./, (c) => c.toUpperCase());
}

/**
 * 0.x → 1.0.0: targets written as sentences and strings ("5%", "p95 latency <120ms") become numbers
 * with a comparator and unit, and bare cron strings become schedule objects.
 */
const fromZeroToOne: Migration = {
  from: "0.",
  to: "1.0.0",
  description:
    "Targets and thresholds written as strings become {target, comparator, unit}; cron strings become schedule objects",
  up(document) {
    const next: Json = structuredClone(document);
    const systems = (next.systems ?? {}) as Record<string, Json>;
    for (const [key, system] of Object.entries(systems)) {
      if (typeof system.successMetric === "string") {
        const parsed = parseMetricSentence(system.successMetric, `systems.${key}.successMetric`);
        system.successMetric = {
          id: SYSTEM_METRIC_IDS[key] ?? slugify(parsed.name || key),
          name: parsed.name ? parsed.name.charAt(0).toUpperCase() + parsed.name.slice(1) : titleCase(key),
          target: parsed.target,
          comparator: parsed.comparator,
          unit: parsed.unit,
        };
      }
      if (typeof system.schedule === "string") system.schedule = { cron: system.schedule, timezone: "UTC" };
    }
    const profiling = systems.autoProfiling;
    if (profiling && typeof profiling.threshold === "string") {
      const parsed = parseMetricSentence(profiling.threshold, "systems.autoProfiling.threshold");
      profiling.threshold = parsed.target;
      profiling.thresholdUnit = "percent";
    }
    const motion = systems.adaptiveMotion;
    if (motion && typeof motion.range === "string") {
      const range = /^(\d+)\s*[-–]\s*(\d+)\s*ms$/.exec(motion.range.trim());
      if (!range)
        throw new DaiError(
          "migration_failed",
          `systems.adaptiveMotion.range: expected "600–1200ms", got "${motion.range}"`,
        );
      motion.durationRangeMs = { min: Number(range[1]), max: Number(range[2]) };
      delete motion.range;
    }
    const platform = next.successMetrics;
    if (platform !== null && typeof platform === "object" && !Array.isArray(platform)) {
      next.successMetrics = Object.entries(platform as Record<string, unknown>).map(([name, sentence]) => {
        const parsed = parseMetricSentence(String(sentence), `successMetrics.${name}`);
        return {
          id: slugify(name),
          name,
          target: parsed.target,
          comparator: parsed.comparator,
          unit: parsed.unit,
        };
      });
    }
    const report = ((next.governance ?? {}) as Json).monthlyReport as Json | undefined;
    if (report && typeof report.schedule === "string")
      report.schedule = { cron: report.schedule, timezone: "UTC" };
    next.version = "1.0.0";
    return next;
  },
};

/** Every migration, oldest first. Add a step here when the manifest's shape changes. */
export const MIGRATIONS: readonly Migration[] = [fromZeroToOne];

/** Numeric comparison of `major.minor.patch` (pre-release tags sort before their release). */
export function compareVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const [core = "", pre] = v.split("-", 2);
    return { parts: core.split(".").map((n) => Number(n) || 0), pre };
  };
  const left = parse(a);
  const right = parse(b);
  for (let i = 0; i < 3; i++) {
    const diff = (left.parts[i] ?? 0) - (right.parts[i] ?? 0);
    if (diff !== 0) return Math.sign(diff);
  }
  if (left.pre === right.pre) return 0;
  if (left.pre === undefined) return 1;
  if (right.pre === undefined) return -1;
  return left.pre < right.pre ? -1 : 1;
}

export function detectVersion(document: unknown): string | undefined {
  if (document === null || typeof document !== "object") return undefined;
  const version = (document as Json).version;
  return typeof version === "string" ? version : undefined;
}

/**
 * Upgrades a manifest document step by step to the current version. A document already current is
 * returned unchanged (`applied` empty); one newer than this package understands is refused.
 */
export function upgradeManifest(
  document: unknown,
  migrations: readonly Migration[] = MIGRATIONS,
): UpgradeResult {
  if (document === null || typeof document !== "object" || Array.isArray(document)) {
    throw new DaiError("invalid_manifest", "(root): expected an object");
  }
  const fromVersion = detectVersion(document);
  if (fromVersion === undefined)
    throw new DaiError("invalid_manifest", "version: required, missing (cannot tell which migrations apply)");
  if (compareVersions(fromVersion, CURRENT_MANIFEST_VERSION) > 0) {
    throw new DaiError(
      "manifest_too_new",
      `version: manifest is ${fromVersion}, newer than ${CURRENT_MANIFEST_VERSION} which this dai understands; update dai`,
    );
  }
  let current = document as Json;
  const applied: { from: string; to: string; description: string }[] = [];
  for (let guard = 0; guard < migrations.length + 1; guard++) {
    const version = detectVersion(current) as string;
    if (compareVersions(version, CURRENT_MANIFEST_VERSION) >= 0) break;
    const step = migrations.find((m) => version.startsWith(m.from) && compareVersions(m.to, version) > 0);
    if (!step)
      throw new DaiError(
        "migration_failed",
        `version: no migration from ${version} to ${CURRENT_MANIFEST_VERSION}`,
      );
    current = step.up(current);
    applied.push({ from: version, to: step.to, description: step.description });
  }
  return { document: current, fromVersion, toVersion: detectVersion(current) as string, applied };
}
