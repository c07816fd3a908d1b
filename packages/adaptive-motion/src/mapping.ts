import type { MotionQuality } from "./quality.js";

/** The manifest's duration range (`systems.adaptiveMotion.durationRangeMs`). */
export interface DurationRange {
  readonly min: number;
  readonly max: number;
}

export const DEFAULT_RANGE: DurationRange = { min: 600, max: 1200 };

/** Properties an animation may change; the cheap, compositor-only ones come first. */
export type AnimatedProperty = "opacity" | "translate" | "scale";

export interface MotionPlan {
  readonly quality: MotionQuality | "off";
  /** Duration of a full-size transition (a page), ms; 0 when motion is off. */
  readonly durationMs: number;
  readonly properties: readonly AnimatedProperty[];
}

const PROPERTIES: Record<MotionQuality, readonly AnimatedProperty[]> = {
  full: ["opacity", "translate", "scale"],
  reduced: ["opacity", "translate"],
  minimal: ["opacity"],
};

/**
 * Measured performance → a duration inside the range. A device with headroom gets the short, crisp
 * end (600 ms); the weaker it measures, the longer and calmer the transition (up to 1200 ms) while
 * fewer properties move — a slow opacity fade stays smooth where a fast slide would visibly stutter.
 * `ratio` is achieved / refresh rate; below 0.5 counts as the weakest.
 */
export function durationFor(ratio: number, range: DurationRange = DEFAULT_RANGE): number {
  if (!(range.min > 0 && range.max >= range.min)) {
    throw new RangeError(`durationRangeMs: expected 0 < min <= max, got ${range.min}–${range.max}`);
  }
  const r = Number.isFinite(ratio) ? Math.min(1, Math.max(0.5, ratio)) : 1;
  const weakness = (1 - r) / 0.5; // 0 at full speed, 1 at half speed or worse
  return Math.round(range.min + weakness * (range.max - range.min));
}

/**
 * The plan components animate with. `prefers-reduced-motion` always wins: no movement, no duration.
 */
export function planMotion(options: {
  readonly quality: MotionQuality;
  readonly ratio: number;
  readonly reducedMotion: boolean;
  readonly range?: DurationRange;
}): MotionPlan {
  if (options.reducedMotion) return { quality: "off", durationMs: 0, properties: [] };
  return {
    quality: options.quality,
    durationMs: durationFor(options.ratio, options.range),
    properties: PROPERTIES[options.quality],
  };
}

/** Duration for a smaller element: `share` of the plan's duration, never below the range's minimum. */
export function scaledDuration(
  plan: MotionPlan,
  share: number,
  range: DurationRange = DEFAULT_RANGE,
): number {
  if (plan.durationMs === 0) return 0;
  return Math.max(range.min, Math.min(range.max, Math.round(plan.durationMs * share)));
}

/**
 * Entrance keyframes for a plan: only the properties it allows. Movement is one `transform` string,
 * not framer-motion's separate x / scale values, so the browser can run the whole animation on the
 * compositor (Web Animations API) instead of the main thread — it stays smooth under main-thread load.
 */
export function entrance(
  plan: MotionPlan,
  distancePx = 12,
): { initial: Record<string, number | string>; animate: Record<string, number | string> } {
  const initial: Record<string, number | string> = {};
  const animate: Record<string, number | string> = {};
  if (plan.properties.includes("opacity")) {
    initial.opacity = 0;
    animate.opacity = 1;
  }
  const from: string[] = [];
  const to: string[] = [];
  if (plan.properties.includes("translate")) {
    from.push(`translateY(${distancePx}px)`);
    to.push("translateY(0px)");
  }
  if (plan.properties.includes("scale")) {
    from.push("scale(0.985)");
    to.push("scale(1)");
  }
  if (from.length > 0) {
    initial.transform = from.join(" ");
    animate.transform = to.join(" ");
  }
  return { initial, animate };
}
