import type { ComponentKey, HealthInputKey } from "./types.js";

/**
 * The AI Visibility score model. Every weight and reference value lives here so the README, the
 * API's `components[].formula` and the code cannot drift apart.
 *
 * score = 100 × Σ weight × value, each value in 0–1:
 * - visibility (0.40): mean raw `aiVisibility` over the last 7 days ÷ 100.
 * - reputation (0.15): (mean `reviewRating` over 28 days − 1) ÷ 4.
 * - sentiment (0.15): mean `sentiment` over 28 days.
 * - conversion (0.20): Σ leads ÷ Σ webSessions over 28 days ÷ 5% (5% or more = full marks).
 * - momentum (0.10): 0.5 + (sessions last 28 d ÷ sessions the 28 d before − 1) ÷ 0.4, so ±20% maps to 0…1;
 *   0.5 (neutral) until there are 28 days before the window.
 */
export const SCORE_MODEL = {
  weights: { visibility: 0.4, reputation: 0.15, sentiment: 0.15, conversion: 0.2, momentum: 0.1 } as Record<
    ComponentKey,
    number
  >,
  labels: {
    visibility: "AI visibility signal",
    reputation: "Review rating",
    sentiment: "Sentiment",
    conversion: "Lead conversion",
    momentum: "Web-session trend",
  } as Record<ComponentKey, string>,
  visibilityWindowDays: 7,
  windowDays: 28,
  /** Leads per web session that earns full marks. */
  fullConversionRate: 0.05,
  /** Relative change in sessions (or leads) that spans the whole 0–1 range around 0.5. */
  trendSpan: 0.4,
} as const;

/**
 * The DealershipAI Health index: one number from AI visibility (the score), forecast accuracy (from the
 * dealer twin, optional), sentiment and performance (lead conversion and lead trend, half each).
 * Missing inputs drop out and the remaining weights are renormalised to sum to 1.
 */
export const HEALTH_MODEL = {
  weights: { aiVisibility: 0.35, forecastAccuracy: 0.25, sentiment: 0.2, performance: 0.2 } as Record<
    HealthInputKey,
    number
  >,
  labels: {
    aiVisibility: "AI Visibility score",
    forecastAccuracy: "Forecast accuracy",
    sentiment: "Sentiment (28 d)",
    performance: "Performance (conversion and lead trend)",
  } as Record<HealthInputKey, string>,
} as const;

export const COMPONENT_KEYS: readonly ComponentKey[] = [
  "visibility",
  "reputation",
  "sentiment",
  "conversion",
  "momentum",
];
export const HEALTH_KEYS: readonly HealthInputKey[] = [
  "aiVisibility",
  "forecastAccuracy",
  "sentiment",
  "performance",
];

export const clamp01 = (value: number): number => Math.min(1, Math.max(0, value));
export const round = (value: number, digits: number): number => {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
};

/** 0.5 ± relative change ÷ span, clamped: a ratio of 1 is neutral. */
export function trendValue(recent: number, previous: number): number {
  if (previous <= 0) return 0.5;
  return clamp01(0.5 + (recent / previous - 1) / SCORE_MODEL.trendSpan);
}

export function conversionValue(leads: number, sessions: number): number {
  return sessions > 0 ? clamp01(leads / sessions / SCORE_MODEL.fullConversionRate) : 0;
}
