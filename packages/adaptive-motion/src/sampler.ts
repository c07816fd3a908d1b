/**
 * A frame-rate sampler fed with `requestAnimationFrame` timestamps (`performance.now()` clock).
 * Pure: no browser API inside, so it is tested with synthetic timings.
 *
 * - The display's refresh rate is estimated from the shortest frame intervals seen (a low percentile,
 *   snapped to a common rate), so a busy page never makes the display look slower than it is.
 * - The achieved frame rate of a window is frames / active time. A gap longer than `gapMs` (tab hidden,
 *   laptop asleep, rAF throttled in the background) ends the segment instead of counting as one huge
 *   frame; a single long frame is capped at `maxFrameMs` so one hiccup cannot sink a whole window.
 */

export interface FrameSample {
  /** Achieved frames per second over the window. */
  readonly fps: number;
  /** The display's estimated refresh rate (the rate animations aim for). */
  readonly refreshHz: number;
  /** fps / refreshHz, 0..1. */
  readonly ratio: number;
  /** Frames counted in the window. */
  readonly frames: number;
  /** Active time the window covered, ms. */
  readonly windowMs: number;
}

export interface SamplerOptions {
  /** Active time per sample, ms. Default 1000. */
  readonly windowMs?: number;
  /** A frame interval above this is a pause (tab switch), not a frame. Default 500. */
  readonly gapMs?: number;
  /** A single frame counts at most this long. Default 100 (a 10 fps frame). */
  readonly maxFrameMs?: number;
  /** How many recent intervals the refresh-rate estimate keeps. Default 240. */
  readonly history?: number;
}

/** Common display refresh rates the estimate snaps to when it is within 4% of one. */
export const COMMON_REFRESH_RATES = [30, 48, 50, 60, 72, 75, 90, 100, 120, 144, 165, 240] as const;

export function snapRefreshRate(hz: number): number {
  for (const rate of COMMON_REFRESH_RATES) if (Math.abs(hz - rate) / rate <= 0.04) return rate;
  return Math.round(hz);
}

/** The refresh rate implied by frame intervals: the 10th percentile interval, snapped. */
export function estimateRefreshRate(intervalsMs: readonly number[]): number | null {
  const usable = intervalsMs.filter((ms) => ms > 2 && Number.isFinite(ms));
  if (usable.length < 5) return null;
  const sorted = [...usable].sort((a, b) => a - b);
  const low = sorted[Math.floor((sorted.length - 1) * 0.1)] as number;
  return snapRefreshRate(1000 / low);
}

export interface FrameSampler {
  /** Feeds one rAF timestamp; returns a sample when a window completes. */
  frame(timestampMs: number): FrameSample | undefined;
  /** Forgets the current segment (call when the tab becomes hidden). */
  pause(): void;
  /** The refresh-rate estimate so far (null before enough frames). */
  refreshHz(): number | null;
}

export function createFrameSampler(options: SamplerOptions = {}): FrameSampler {
  const windowMs = options.windowMs ?? 1000;
  const gapMs = options.gapMs ?? 500;
  const maxFrameMs = options.maxFrameMs ?? 100;
  const history = options.history ?? 240;
  const intervals: number[] = [];
  let last: number | undefined;
  let frames = 0;
  let active = 0;

  return {
    frame(timestampMs) {
      const previous = last;
      last = timestampMs;
      if (previous === undefined) return undefined;
      const interval = timestampMs - previous;
      if (interval <= 0) return undefined;
      if (interval > gapMs) return undefined; // a pause: the segment starts again from here
      intervals.push(interval);
      if (intervals.length > history) intervals.shift();
      frames += 1;
      active += Math.min(interval, maxFrameMs);
      if (active < windowMs) return undefined;
      const refreshHz = estimateRefreshRate(intervals);
      const fps = (1000 * frames) / active;
      const sample =
        refreshHz === null
          ? undefined
          : { fps, refreshHz, ratio: Math.min(1, fps / refreshHz), frames, windowMs: active };
      frames = 0;
      active = 0;
      return sample;
    },
    pause() {
      last = undefined;
    },
    refreshHz: () => estimateRefreshRate(intervals),
  };
}
