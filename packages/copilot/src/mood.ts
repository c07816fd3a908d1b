import { DaiError } from "@dai/core";
import type { KpiName, KpiRow } from "@dai/demo-data";

/** The Copilot's moods (the soundscape cross-fades on them). */
export const COPILOT_MOODS = ["calm", "upbeat", "focused", "concerned", "celebratory"] as const;
export type CopilotMood = (typeof COPILOT_MOODS)[number];

/** The KPIs the mood looks at; all are "higher is better". */
export const MOOD_KPIS: readonly KpiName[] = [
  "aiVisibility",
  "leads",
  "webSessions",
  "reviewRating",
  "sentiment",
];

/** Days compared: the last `WINDOW` days against the `WINDOW` before (whole weeks, so weekdays cancel). */
export const TREND_WINDOW_DAYS = 7;
/** Days over which the KPI variance is measured. */
export const VARIANCE_WINDOW_DAYS = 28;
/** A mean coefficient of variation of this much (or more) is a variance of 1. */
export const FULL_SCALE_CV = 0.5;

/** The thresholds of the mood rule, on the composite trend (a fraction: 0.02 = +2 %). */
export const MOOD_RULE = {
  celebratory: 0.08,
  upbeat: 0.02,
  flat: 0.02,
  concerned: -0.05,
  volatile: 0.5,
} as const;

/** One KPI's change: the mean of the last window against the mean of the window before. */
export interface KpiChange {
  readonly kpi: KpiName;
  readonly current: number;
  readonly previous: number;
  /** (current − previous) / |previous|; null when previous is 0. */
  readonly change: number | null;
  /** Coefficient of variation over the variance window (std / |mean|); null when the mean is 0. */
  readonly cv: number | null;
}

/** What `GET /api/copilot/mood` answers (the soundscape reads exactly this shape). */
export interface MoodState {
  readonly mood: CopilotMood;
  /** Normalised KPI variance, 0..1: mean coefficient of variation over 28 days / 0.5, capped at 1. */
  readonly kpiVariance: number;
  readonly derivedAt: string;
}

/** The mood with how it was derived. */
export interface MoodDerivation extends MoodState {
  /** Mean of the KPIs' relative changes (last 7 days vs the 7 before); null without two windows of data. */
  readonly trend: number | null;
  /** Last day of data the mood describes. */
  readonly asOf: string | null;
  readonly changes: readonly KpiChange[];
  /** The rule, in words, with the branch taken. */
  readonly why: string;
}

const mean = (values: readonly number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;

/**
 * The Copilot's mood from a dealer's daily KPIs (or the platform's, see `platformRows`). Documented rule,
 * on the composite trend t = the mean over the five KPIs of (mean of the last 7 days − mean of the 7
 * before) / |mean of the 7 before|:
 *
 * - t ≥ +8 % → celebratory; +2 % ≤ t < +8 % → upbeat;
 * - t ≤ −5 % → concerned; −5 % < t ≤ −2 % → focused (slipping: time to act);
 * - −2 % < t < +2 % → focused when the KPI variance ≥ 0.5 (flat but jumpy), else calm.
 *
 * KPI variance = mean over the KPIs of the coefficient of variation (std / |mean|) of the last 28
 * days, divided by 0.5 and capped at 1 — 0 is a flat line, 1 a series whose daily swings are half its
 * level. Fewer than 14 days of data: calm, with the variance of what there is.
 *
 * @example deriveMood(rows).mood // "upbeat"
 */
export function deriveMood(rows: readonly KpiRow[], now: Date = new Date()): MoodDerivation {
  const sorted = [...rows].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const changes = MOOD_KPIS.map((kpi) => kpiChange(sorted, kpi));
  const cvs = changes.map((c) => c.cv).filter((v): v is number => v !== null);
  const kpiVariance = cvs.length === 0 ? 0 : Math.min(1, mean(cvs) / FULL_SCALE_CV);
  const enough = sorted.length >= 2 * TREND_WINDOW_DAYS;
  const deltas = changes.map((c) => c.change).filter((v): v is number => v !== null);
  const trend = enough && deltas.length > 0 ? mean(deltas) : null;
  const { mood, why } = moodFor(trend, kpiVariance);
  return {
    mood,
    kpiVariance: round(kpiVariance, 4),
    derivedAt: now.toISOString(),
    trend: trend === null ? null : round(trend, 5),
    asOf: sorted.at(-1)?.date ?? null,
    changes,
    why,
  };
}

/** The mood rule on its own: composite trend (fraction) and normalised variance (0..1). */
export function moodFor(trend: number | null, kpiVariance: number): { mood: CopilotMood; why: string } {
  const pct = (v: number) => `${v >= 0 ? "+" : ""}${(100 * v).toFixed(1)} %`;
  if (trend === null) return { mood: "calm", why: "fewer than 14 days of KPIs: calm until there is a trend" };
  if (trend >= MOOD_RULE.celebratory)
    return { mood: "celebratory", why: `KPI trend ${pct(trend)} ≥ +8 %: celebratory` };
  if (trend >= MOOD_RULE.upbeat)
    return { mood: "upbeat", why: `KPI trend ${pct(trend)} in [+2 %, +8 %): upbeat` };
  if (trend <= MOOD_RULE.concerned)
    return { mood: "concerned", why: `KPI trend ${pct(trend)} ≤ −5 %: concerned` };
  if (trend <= -MOOD_RULE.flat)
    return { mood: "focused", why: `KPI trend ${pct(trend)} in (−5 %, −2 %]: focused` };
  if (kpiVariance >= MOOD_RULE.volatile) {
    return {
      mood: "focused",
      why: `KPI trend ${pct(trend)} is flat but the variance ${kpiVariance.toFixed(2)} ≥ 0.5: focused`,
    };
  }
  return {
    mood: "calm",
    why: `KPI trend ${pct(trend)} is flat and the variance ${kpiVariance.toFixed(2)} < 0.5: calm`,
  };
}

function kpiChange(sorted: readonly KpiRow[], kpi: KpiName): KpiChange {
  const values = sorted.map((row) => row[kpi]);
  for (const [index, value] of values.entries()) {
    if (typeof value !== "number" || !Number.isFinite(value)) {
      throw new DaiError(
        "invalid_kpis",
        `${sorted[index]?.dealerId ?? "?"} ${sorted[index]?.date ?? "?"} ${kpi}: expected a number, got ${JSON.stringify(value)}`,
        { status: 422, field: kpi },
      );
    }
  }
  const last = values.slice(-TREND_WINDOW_DAYS);
  const before = values.slice(-2 * TREND_WINDOW_DAYS, -TREND_WINDOW_DAYS);
  const current = last.length > 0 ? mean(last) : 0;
  const previous = before.length > 0 ? mean(before) : current;
  const window = values.slice(-VARIANCE_WINDOW_DAYS);
  let cv: number | null = null;
  if (window.length > 1) {
    const m = mean(window);
    const variance = window.reduce((sum, v) => sum + (v - m) ** 2, 0) / (window.length - 1);
    cv = m === 0 ? null : Math.sqrt(variance) / Math.abs(m);
  }
  return {
    kpi,
    current: round(current, 4),
    previous: round(previous, 4),
    change:
      before.length === 0 || previous === 0 ? null : round((current - previous) / Math.abs(previous), 5),
    cv: cv === null ? null : round(cv, 5),
  };
}

/**
 * The platform as one series: per date, the mean of each KPI over the dealers that reported that day.
 * Only dates every dealer reported are kept, so a late dealer does not swing the trend.
 */
export function platformRows(rows: Iterable<KpiRow>): KpiRow[] {
  const byDate = new Map<string, { n: number; sums: number[] }>();
  const dealers = new Set<string>();
  for (const row of rows) {
    dealers.add(row.dealerId);
    let entry = byDate.get(row.date);
    if (!entry) {
      entry = { n: 0, sums: MOOD_KPIS.map(() => 0) };
      byDate.set(row.date, entry);
    }
    entry.n++;
    MOOD_KPIS.forEach((kpi, i) => {
      (entry as { sums: number[] }).sums[i] = (entry?.sums[i] as number) + row[kpi];
    });
  }
  const out: KpiRow[] = [];
  for (const [date, entry] of [...byDate].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (entry.n < dealers.size) continue;
    const avg = (i: number) => (entry.sums[i] as number) / entry.n;
    out.push({
      dealerId: "platform",
      date,
      aiVisibility: avg(0),
      leads: avg(1),
      webSessions: avg(2),
      reviewRating: avg(3),
      sentiment: avg(4),
    });
  }
  return out;
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
