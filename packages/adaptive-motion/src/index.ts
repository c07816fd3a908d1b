export {
  type AnimatedProperty,
  DEFAULT_RANGE,
  type DurationRange,
  durationFor,
  entrance,
  type MotionPlan,
  planMotion,
  scaledDuration,
} from "./mapping.js";
export {
  createQualityGovernor,
  type HysteresisOptions,
  type MotionQuality,
  QUALITY_LEVELS,
  type QualityGovernor,
} from "./quality.js";
export {
  COMMON_REFRESH_RATES,
  createFrameSampler,
  estimateRefreshRate,
  type FrameSample,
  type FrameSampler,
  type SamplerOptions,
  snapRefreshRate,
} from "./sampler.js";
