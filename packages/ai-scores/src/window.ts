import { COMPONENT_KEYS, clamp01, conversionValue, round, SCORE_MODEL, trendValue } from "./model.js";
import type { ScoreComponent } from "./types.js";

/** Window statistics of one dealer-day, the only thing a score depends on. */
export interface Window {
  visibility7: number;
  rating28: number;
  sentiment28: number;
  leads28: number;
  sessions28: number;
  leadsPrev28: number;
  sessionsPrev28: number;
  hasPrevious: boolean;
}

const W = SCORE_MODEL.weights;

function componentValues(w: Window): [number, number, number, number, number] {
  return [
    clamp01(w.visibility7 / 100),
    clamp01((w.rating28 - 1) / 4),
    clamp01(w.sentiment28),
    conversionValue(w.leads28, w.sessions28),
    w.hasPrevious ? trendValue(w.sessions28, w.sessionsPrev28) : 0.5,
  ];
}

/** Same arithmetic as `componentValues`, without allocating: it runs once per dealer-day. */
export function scoreOf(w: Window): number {
  const total =
    W.visibility * clamp01(w.visibility7 / 100) +
    W.reputation * clamp01((w.rating28 - 1) / 4) +
    W.sentiment * clamp01(w.sentiment28) +
    W.conversion * conversionValue(w.leads28, w.sessions28) +
    W.momentum * (w.hasPrevious ? trendValue(w.sessions28, w.sessionsPrev28) : 0.5);
  return Math.round(100 * total * 10) / 10;
}

export function componentsOf(w: Window): ScoreComponent[] {
  const values = componentValues(w);
  const inputs: Record<string, number>[] = [
    { aiVisibilityMean7d: round(w.visibility7, 3) },
    { reviewRatingMean28d: round(w.rating28, 4) },
    { sentimentMean28d: round(w.sentiment28, 4) },
    { leads28d: w.leads28, webSessions28d: w.sessions28 },
    { webSessions28d: w.sessions28, webSessionsPrevious28d: w.hasPrevious ? w.sessionsPrev28 : 0 },
  ];
  const formulas = [
    "mean aiVisibility over 7 days ÷ 100",
    "(mean reviewRating over 28 days − 1) ÷ 4",
    "mean sentiment over 28 days",
    `(leads ÷ webSessions over 28 days) ÷ ${SCORE_MODEL.fullConversionRate}, capped at 1`,
    w.hasPrevious
      ? `0.5 + (sessions 28 d ÷ previous 28 d − 1) ÷ ${SCORE_MODEL.trendSpan}, clamped to 0–1`
      : "0.5 (neutral): fewer than 56 days of history",
  ];
  return COMPONENT_KEYS.map((key, index) => {
    const value = values[index] as number;
    return {
      key,
      label: SCORE_MODEL.labels[key],
      weight: W[key],
      value: round(value, 4),
      points: round(100 * W[key] * value, 2),
      inputs: inputs[index] as Record<string, number>,
      formula: formulas[index] as string,
    };
  });
}

export function fillWindow(
  w: Window,
  i: number,
  lo7: number,
  lo28: number,
  lo56: number,
  pVis: Float64Array,
  pRating: Float64Array,
  pSent: Float64Array,
  pLeads: Float64Array,
  pSess: Float64Array,
): void {
  const end = i + 1;
  const n28 = end - lo28;
  w.visibility7 = ((pVis[end] as number) - (pVis[lo7] as number)) / (end - lo7);
  w.rating28 = ((pRating[end] as number) - (pRating[lo28] as number)) / n28;
  w.sentiment28 = ((pSent[end] as number) - (pSent[lo28] as number)) / n28;
  w.leads28 = (pLeads[end] as number) - (pLeads[lo28] as number);
  w.sessions28 = (pSess[end] as number) - (pSess[lo28] as number);
  w.leadsPrev28 = (pLeads[lo28] as number) - (pLeads[lo56] as number);
  w.sessionsPrev28 = (pSess[lo28] as number) - (pSess[lo56] as number);
}
