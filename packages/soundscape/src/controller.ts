/**
 * The predictive soundscape's controller: pure (no audio API inside). Mood and KPI variance give a
 * target *position* on one axis from calm (0) through focus (0.5) to alert (1); the stems' gains come
 * from that position with an equal-power cross-fade (the squared gains always sum to 1, so loudness
 * stays constant while stems trade places — a linear fade dips ~3 dB in the middle). The position
 * follows its target with exponential smoothing over time, so gains glide and never jump.
 */

export const STEMS = ["calm", "focus", "alert"] as const;
export type Stem = (typeof STEMS)[number];
export type StemGains = Readonly<Record<Stem, number>>;

/** The Copilot's moods (tone-trainer's DEFAULT_MOODS). */
export const MOODS = ["calm", "upbeat", "focused", "concerned", "celebratory"] as const;
export type Mood = (typeof MOODS)[number];

/** Where each mood sits on the calm → alert axis before KPI variance adds tension. */
export const MOOD_POSITION: Readonly<Record<Mood, number>> = {
  calm: 0,
  celebratory: 0.2,
  upbeat: 0.3,
  focused: 0.5,
  concerned: 0.8,
};

/** How far full KPI variance (1) pushes the position toward alert. */
export const VARIANCE_WEIGHT = 0.35;

export function isMood(value: unknown): value is Mood {
  return typeof value === "string" && (MOODS as readonly string[]).includes(value);
}

const clamp01 = (x: number) => (Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0);

/** Mood + variance → target position 0..1. Unknown moods count as calm; variance is clamped to 0..1. */
export function targetPosition(mood: string, kpiVariance: number): number {
  const base = isMood(mood) ? MOOD_POSITION[mood] : 0;
  return clamp01(base + VARIANCE_WEIGHT * clamp01(kpiVariance));
}

/**
 * Equal-power gains for a position: 0 → calm only, 0.5 → focus only, 1 → alert only; in between, the
 * two neighbouring stems share the power as cos/sin of a quarter turn.
 */
export function equalPowerGains(position: number): StemGains {
  const p = clamp01(position);
  const half = p <= 0.5;
  const theta = ((half ? p : p - 0.5) / 0.5) * (Math.PI / 2);
  const from = Math.cos(theta);
  const to = Math.sin(theta);
  // Exact zeros at the ends, not 6e-17.
  const tidy = (x: number) => (Math.abs(x) < 1e-12 ? 0 : x);
  return half
    ? { calm: tidy(from), focus: tidy(to), alert: 0 }
    : { calm: 0, focus: tidy(from), alert: tidy(to) };
}

/** Target gains for a mood and KPI variance (no smoothing). */
export function targetGains(mood: string, kpiVariance: number): StemGains {
  return equalPowerGains(targetPosition(mood, kpiVariance));
}

/** One step of exponential smoothing: after `dtMs` the gap to the target shrinks by e^(−dt/τ). */
export function smoothToward(current: number, target: number, dtMs: number, timeConstantMs: number): number {
  if (timeConstantMs <= 0 || dtMs <= 0) return dtMs > 0 || timeConstantMs <= 0 ? target : current;
  return target + (current - target) * Math.exp(-dtMs / timeConstantMs);
}

export interface SoundscapeState {
  readonly mood: Mood;
  readonly kpiVariance: number;
  /** Current (smoothed) position on the calm → alert axis. */
  readonly position: number;
  readonly targetPosition: number;
  readonly gains: StemGains;
  readonly targetGains: StemGains;
}

export interface SoundscapeController {
  /** Sets the target; unknown moods fall back to calm, variance is clamped to 0..1. */
  setMood(mood: string, kpiVariance?: number): void;
  /** Jumps straight to the target (e.g. when sound starts: nothing to glide from). */
  settle(): SoundscapeState;
  /** Advances the smoothing to `nowMs` (any monotonic clock) and returns the state. */
  step(nowMs: number): SoundscapeState;
  state(): SoundscapeState;
}

export interface ControllerOptions {
  /** Smoothing time constant, ms (63% of the way after one τ). Default 2500. */
  readonly timeConstantMs?: number;
  readonly mood?: string;
  readonly kpiVariance?: number;
}

export function createSoundscapeController(options: ControllerOptions = {}): SoundscapeController {
  const tau = options.timeConstantMs ?? 2500;
  if (!(tau >= 0) || !Number.isFinite(tau)) {
    throw new RangeError(`timeConstantMs: expected a finite number >= 0, got ${options.timeConstantMs}`);
  }
  let mood: Mood = isMood(options.mood) ? options.mood : "calm";
  let variance = clamp01(options.kpiVariance ?? 0);
  let target = targetPosition(mood, variance);
  let position = target;
  let lastMs: number | undefined;
  const snapshot = (): SoundscapeState => ({
    mood,
    kpiVariance: variance,
    position,
    targetPosition: target,
    gains: equalPowerGains(position),
    targetGains: equalPowerGains(target),
  });
  return {
    setMood(next, kpiVariance = variance) {
      mood = isMood(next) ? next : "calm";
      variance = clamp01(kpiVariance);
      target = targetPosition(mood, variance);
    },
    settle() {
      position = target;
      return snapshot();
    },
    step(nowMs) {
      if (lastMs !== undefined && nowMs > lastMs)
        position = smoothToward(position, target, nowMs - lastMs, tau);
      lastMs = lastMs === undefined || nowMs > lastMs ? nowMs : lastMs;
      return snapshot();
    },
    state: snapshot,
  };
}
