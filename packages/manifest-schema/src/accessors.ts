import { DaiError } from "@dai/core";
import type { Comparator, Manifest, Schedule, SuccessMetric, SystemKey, Unit } from "./schema.js";

/** A success metric with where it comes from: one system's metric, or a platform-wide one. */
export interface ListedSuccessMetric extends SuccessMetric {
  readonly scope: "system" | "platform";
  /** The system key for system metrics (`dealerTwin`). */
  readonly system?: SystemKey;
  /** The system's title, or "Platform". */
  readonly owner: string;
  /** Human-readable target, e.g. "< 120 ms", "±5%", "> 0.8". */
  readonly targetLabel: string;
}

/**
 * Every success metric of the manifest: the eight systems' first, then the platform metrics.
 *
 * @example listSuccessMetrics(manifest).map((m) => `${m.name} ${m.targetLabel}`)
 */
export function listSuccessMetrics(manifest: Manifest): ListedSuccessMetric[] {
  const fromSystems = (Object.entries(manifest.systems) as [SystemKey, Manifest["systems"][SystemKey]][]).map(
    ([key, system]) => ({
      ...system.successMetric,
      scope: "system" as const,
      system: key,
      owner: system.title,
      targetLabel: formatTarget(system.successMetric),
    }),
  );
  const platform = manifest.successMetrics.map((metric) => ({
    ...metric,
    scope: "platform" as const,
    owner: "Platform",
    targetLabel: formatTarget(metric),
  }));
  return [...fromSystems, ...platform];
}

/** One success metric by id; a `DaiError` (404) names the known ids when it does not exist. */
export function successMetric(manifest: Manifest, id: string): ListedSuccessMetric {
  const all = listSuccessMetrics(manifest);
  const found = all.find((metric) => metric.id === id);
  if (!found) {
    throw new DaiError(
      "unknown_metric",
      `unknown success metric "${id}"; known: ${all.map((m) => m.id).join(", ")}`,
      { status: 404 },
    );
  }
  return found;
}

/** The regression threshold of auto profiling, in percent. */
export function autoProfilingThreshold(manifest: Manifest): number {
  return manifest.systems.autoProfiling.threshold;
}

/** The Lighthouse recheck settings of auto profiling (pages, runs, thresholds); defaults when absent. */
export function lighthouseSettings(manifest: Manifest): {
  pages: string[];
  runs: number;
  thresholds: Record<string, number>;
} {
  const settings = manifest.systems.autoProfiling.lighthouse;
  if (!settings) return { pages: ["/"], runs: 3, thresholds: {} };
  const thresholds = Object.fromEntries(
    Object.entries(settings.thresholds).filter((entry): entry is [string, number] => entry[1] !== undefined),
  );
  return { pages: settings.pages, runs: settings.runs, thresholds };
}

/** The Copilot tone floor: every tone keeps at least this weight. */
export function toneFloor(manifest: Manifest): number {
  return manifest.scripts.trainToneModel.algorithm?.minWeight ?? 0.1;
}

/** The adaptive-motion duration range in milliseconds. */
export function motionRangeMs(manifest: Manifest): { min: number; max: number } {
  return manifest.systems.adaptiveMotion.durationRangeMs;
}

/** Every cron schedule the manifest holds, with a stable id and its owner's path. */
export function listSchedules(manifest: Manifest): { id: string; path: string; schedule: Schedule }[] {
  const schedules = [
    {
      id: "dealer-twin-update",
      path: "systems.dealerTwin.schedule",
      schedule: manifest.systems.dealerTwin.schedule,
    },
    {
      id: "vector-update",
      path: "systems.vectorPersonalization.schedule",
      schedule: manifest.systems.vectorPersonalization.schedule,
    },
    {
      id: "monthly-report",
      path: "governance.monthlyReport.schedule",
      schedule: manifest.governance.monthlyReport.schedule,
    },
  ];
  for (const [key, workflow] of Object.entries(manifest.workflows)) {
    workflow.triggers.schedules.forEach((entry, index) => {
      const { id, ...schedule } = entry;
      schedules.push({ id, path: `workflows.${key}.triggers.schedules[${index}]`, schedule });
    });
  }
  return schedules;
}

const SYMBOLS: Record<Comparator, string> = { lt: "<", lte: "≤", gt: ">", gte: "≥", eq: "=", within: "±" };
/** How a value in a metric's unit is written after its number: " ms", "%", "" for counts and ratios. */
export function unitSuffix(unit: string): string {
  return (UNIT_LABELS as Record<string, string>)[unit] ?? "";
}

const UNIT_LABELS: Record<Unit, string> = {
  ms: " ms",
  s: " s",
  minutes: " min",
  hours: " h",
  days: " d",
  percent: "%",
  ratio: "",
  count: "",
  fps: " fps",
  bytes: " B",
};

/** "< 120 ms", "±5%", "> 0.8", "≥ 99.99%". */
export function formatTarget(metric: Pick<SuccessMetric, "comparator" | "target" | "unit">): string {
  const symbol = SYMBOLS[metric.comparator];
  const gap = metric.comparator === "within" ? "" : " ";
  return `${symbol}${gap}${metric.target}${UNIT_LABELS[metric.unit]}`;
}

/** Whether a measured value meets a metric's target. */
export function meetsTarget(metric: Pick<SuccessMetric, "comparator" | "target">, value: number): boolean {
  switch (metric.comparator) {
    case "lt":
      return value < metric.target;
    case "lte":
      return value <= metric.target;
    case "gt":
      return value > metric.target;
    case "gte":
      return value >= metric.target;
    case "eq":
      return value === metric.target;
    case "within":
      return Math.abs(value) <= metric.target;
  }
}
