import type { CopilotEventInput, DealerInfo, KpiDay } from "./demo-input.js";

/** The Copilot's tones and moods (as in @dai/demo-data); the feature layout depends on this order. */
export const TONES = ["professional", "friendly", "concise", "enthusiastic", "empathetic"] as const;
export const MOODS = ["calm", "upbeat", "focused", "concerned", "celebratory"] as const;

/** Prior strength (pseudo-events) that shrinks sparse per-tone rates towards the dealer's own rate. */
const SHRINK = 5;

/**
 * Every feature, in vector order, with what it measures. Rates are smoothed so a dealer with few
 * rated events lands near the average instead of at 0 or 1.
 */
export const FEATURES: readonly { name: string; description: string }[] = [
  { name: "copilot.eventsPerDay", description: "Copilot explanations opened per day in the window" },
  { name: "copilot.users", description: "distinct users who opened an explanation" },
  { name: "copilot.ratedShare", description: "share of explanations that got a thumbs up or down" },
  { name: "copilot.upRate", description: "thumbs-up share of rated explanations, (up + 1) / (rated + 2)" },
  ...TONES.map((tone) => ({
    name: `copilot.toneShare.${tone}`,
    description: `share of explanations in the ${tone} tone`,
  })),
  ...TONES.map((tone) => ({
    name: `copilot.upRate.${tone}`,
    description: `thumbs-up share of rated ${tone} explanations, shrunk towards the dealer's rate with ${SHRINK} pseudo-events`,
  })),
  ...MOODS.map((mood) => ({
    name: `copilot.upRate.mood.${mood}`,
    description: `thumbs-up share of rated explanations given in the ${mood} mood, shrunk like the tone rates`,
  })),
  { name: "kpi.aiVisibility.mean", description: "mean AI Visibility score (0–100) over the KPI window" },
  { name: "kpi.aiVisibility.trend", description: "least-squares slope of AI Visibility, points per 30 days" },
  { name: "kpi.webSessions.logMean", description: "ln(1 + mean daily web sessions): dealer size" },
  { name: "kpi.webSessions.cv", description: "coefficient of variation of daily web sessions: volatility" },
  { name: "kpi.leads.conversion", description: "total leads / total web sessions" },
  { name: "kpi.leads.weekendShare", description: "share of leads on Saturday and Sunday" },
  { name: "kpi.reviewRating.mean", description: "mean review rating (1–5)" },
  { name: "kpi.sentiment.mean", description: "mean share of positive mentions (0–1)" },
];

export const FEATURE_NAMES = FEATURES.map((f) => f.name);

export interface FeatureWindow {
  /** Events with timestamp in [from, to) count; ISO strings or epoch ms. */
  eventsFrom: number;
  eventsTo: number;
  /** KPI days with date in [from, to). */
  kpisFrom: number;
  kpisTo: number;
}

/**
 * One feature row per dealer (order of `dealers`), `FEATURES.length` wide. A dealer with no events or
 * no KPI rows in the window gets the neutral values (0 activity, 0.5 rates, 0 KPIs) rather than NaN.
 *
 * @example const x = extractFeatures(dealers, kpis, events, window); // Float32Array(dealers.length × FEATURES.length)
 */
export function extractFeatures(
  dealers: readonly DealerInfo[],
  kpis: readonly KpiDay[],
  events: readonly CopilotEventInput[],
  window: FeatureWindow,
): Float32Array {
  const width = FEATURES.length;
  const index = new Map(dealers.map((d, i) => [d.id, i]));
  const out = new Float32Array(dealers.length * width);
  const copilot = dealers.map(() => newCopilotStats());
  for (const event of events) {
    const i = index.get(event.dealerId);
    const t = Date.parse(event.timestamp);
    if (i === undefined || !(t >= window.eventsFrom && t < window.eventsTo)) continue;
    addEvent(copilot[i] as CopilotStats, event);
  }
  const kpiRows = dealers.map((): KpiDay[] => []);
  for (const row of kpis) {
    const i = index.get(row.dealerId);
    const t = Date.parse(row.date);
    if (i !== undefined && t >= window.kpisFrom && t < window.kpisTo) (kpiRows[i] as KpiDay[]).push(row);
  }
  const days = Math.max(1, (window.eventsTo - window.eventsFrom) / 86_400_000);
  dealers.forEach((_, i) => {
    const row = [
      ...copilotFeatures(copilot[i] as CopilotStats, days),
      ...kpiFeatures(kpiRows[i] as KpiDay[]),
    ];
    out.set(row, i * width);
  });
  return out;
}

interface CopilotStats {
  count: number;
  users: Set<string>;
  rated: number;
  up: number;
  toneCount: number[];
  toneRated: number[];
  toneUp: number[];
  moodRated: number[];
  moodUp: number[];
}

function newCopilotStats(): CopilotStats {
  const zeros = () => [0, 0, 0, 0, 0];
  return {
    count: 0,
    users: new Set(),
    rated: 0,
    up: 0,
    toneCount: zeros(),
    toneRated: zeros(),
    toneUp: zeros(),
    moodRated: zeros(),
    moodUp: zeros(),
  };
}

function addEvent(s: CopilotStats, event: CopilotEventInput): void {
  s.count++;
  if (event.userId) s.users.add(event.userId);
  const tone = (TONES as readonly string[]).indexOf(event.tone);
  const mood = (MOODS as readonly string[]).indexOf(event.mood);
  if (tone >= 0) s.toneCount[tone] = (s.toneCount[tone] as number) + 1;
  if (event.feedback !== "up" && event.feedback !== "down") return;
  const up = event.feedback === "up" ? 1 : 0;
  s.rated++;
  s.up += up;
  if (tone >= 0) {
    s.toneRated[tone] = (s.toneRated[tone] as number) + 1;
    s.toneUp[tone] = (s.toneUp[tone] as number) + up;
  }
  if (mood >= 0) {
    s.moodRated[mood] = (s.moodRated[mood] as number) + 1;
    s.moodUp[mood] = (s.moodUp[mood] as number) + up;
  }
}

function copilotFeatures(s: CopilotStats, days: number): number[] {
  const rate = (s.up + 1) / (s.rated + 2);
  const shrunk = (up: number, rated: number) => (up + SHRINK * rate) / (rated + SHRINK);
  return [
    s.count / days,
    s.users.size,
    s.count > 0 ? s.rated / s.count : 0,
    rate,
    ...s.toneCount.map((c) => (s.count > 0 ? c / s.count : 0)),
    ...s.toneUp.map((up, t) => shrunk(up, s.toneRated[t] as number)),
    ...s.moodUp.map((up, m) => shrunk(up, s.moodRated[m] as number)),
  ];
}

function kpiFeatures(rows: readonly KpiDay[]): number[] {
  if (rows.length === 0) return [0, 0, 0, 0, 0, 0, 0, 0];
  const n = rows.length;
  const mean = (pick: (r: KpiDay) => number) => rows.reduce((sum, r) => sum + pick(r), 0) / n;
  const sessions = mean((r) => r.webSessions);
  const sessionsSd = Math.sqrt(rows.reduce((sum, r) => sum + (r.webSessions - sessions) ** 2, 0) / n);
  const totalLeads = rows.reduce((sum, r) => sum + r.leads, 0);
  const weekendLeads = rows.reduce((sum, r) => {
    const weekday = new Date(r.date).getUTCDay();
    return sum + (weekday === 0 || weekday === 6 ? r.leads : 0);
  }, 0);
  return [
    mean((r) => r.aiVisibility),
    slopePer30Days(rows),
    Math.log1p(sessions),
    sessions > 0 ? sessionsSd / sessions : 0,
    sessions > 0 ? totalLeads / (sessions * n) : 0,
    totalLeads > 0 ? weekendLeads / totalLeads : 0,
    mean((r) => r.reviewRating),
    mean((r) => r.sentiment),
  ];
}

function slopePer30Days(rows: readonly KpiDay[]): number {
  const xs = rows.map((r) => Date.parse(r.date) / 86_400_000);
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = rows.reduce((a, r) => a + r.aiVisibility, 0) / rows.length;
  let num = 0;
  let den = 0;
  rows.forEach((r, i) => {
    const dx = (xs[i] as number) - mx;
    num += dx * (r.aiVisibility - my);
    den += dx * dx;
  });
  return den > 0 ? (30 * num) / den : 0;
}
