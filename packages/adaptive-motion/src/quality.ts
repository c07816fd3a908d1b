/**
 * Motion quality with hysteresis: a level drops only after several poor samples in a row and rises
 * only after more good ones, with separate thresholds, so a borderline device does not flip-flop.
 */

export type MotionQuality = "full" | "reduced" | "minimal";

export const QUALITY_LEVELS: readonly MotionQuality[] = ["full", "reduced", "minimal"];

export interface HysteresisOptions {
  /** Ratio (fps / refresh) below which `full` drops to `reduced`. Default 0.9. */
  readonly reduceBelow?: number;
  /** Ratio below which `reduced` drops to `minimal`. Default 0.65. */
  readonly minimalBelow?: number;
  /** Ratio above which `reduced` rises to `full`. Default 0.97. */
  readonly fullAbove?: number;
  /** Ratio above which `minimal` rises to `reduced`. Default 0.8. */
  readonly reducedAbove?: number;
  /** Consecutive poor samples before dropping a level. Default 2. */
  readonly downAfter?: number;
  /** Consecutive good samples before rising a level. Default 5. */
  readonly upAfter?: number;
}

export interface QualityGovernor {
  /** Feeds one sample's ratio; returns the (possibly new) level. */
  update(ratio: number): MotionQuality;
  readonly level: MotionQuality;
}

export function createQualityGovernor(
  options: HysteresisOptions = {},
  initial: MotionQuality = "full",
): QualityGovernor {
  const reduceBelow = options.reduceBelow ?? 0.9;
  const minimalBelow = options.minimalBelow ?? 0.65;
  const fullAbove = options.fullAbove ?? 0.97;
  const reducedAbove = options.reducedAbove ?? 0.8;
  const downAfter = options.downAfter ?? 2;
  const upAfter = options.upAfter ?? 5;
  if (!(minimalBelow < reduceBelow && reduceBelow < fullAbove && minimalBelow < reducedAbove)) {
    throw new RangeError("hysteresis thresholds must satisfy minimalBelow < reduceBelow < fullAbove");
  }
  let level = initial;
  let poor = 0;
  let good = 0;
  const thresholds = (at: MotionQuality) =>
    at === "full"
      ? { down: reduceBelow, up: Number.POSITIVE_INFINITY }
      : at === "reduced"
        ? { down: minimalBelow, up: fullAbove }
        : { down: Number.NEGATIVE_INFINITY, up: reducedAbove };
  return {
    update(ratio) {
      const { down, up } = thresholds(level);
      if (ratio < down) {
        poor += 1;
        good = 0;
      } else if (ratio > up) {
        good += 1;
        poor = 0;
      } else {
        poor = 0;
        good = 0;
      }
      const index = QUALITY_LEVELS.indexOf(level);
      if (poor >= downAfter) {
        level = QUALITY_LEVELS[Math.min(index + 1, QUALITY_LEVELS.length - 1)] as MotionQuality;
        poor = 0;
      } else if (good >= upAfter) {
        level = QUALITY_LEVELS[Math.max(index - 1, 0)] as MotionQuality;
        good = 0;
      }
      return level;
    },
    get level() {
      return level;
    },
  };
}
