import { DaiError, mulberry32, type Random } from "@dai/core";
import type { KpiName } from "@dai/demo-data";
import type { CopilotMood, KpiChange } from "./mood.js";

export const COPILOT_TONES = ["professional", "friendly", "concise", "enthusiastic", "empathetic"] as const;
export type CopilotTone = (typeof COPILOT_TONES)[number];

/** What a message is about. */
export type MessageTopic = "summary" | "kpi" | "score" | "forecast";

/** Everything the Copilot knows about a dealer when it explains what changed. */
export interface CopilotFacts {
  readonly dealerId: string;
  readonly dealerName: string;
  /** Last day of KPI data. */
  readonly asOf: string | null;
  /** Composite KPI trend (fraction), as the mood rule saw it; null without two weeks of data. */
  readonly trend: number | null;
  readonly changes: readonly KpiChange[];
  /** The AI Visibility score (0–100) and its 7-day change, when scored. */
  readonly score?: { readonly value: number; readonly delta7: number | null };
  /** From the dealer twin, when the daily job has built one. */
  readonly twin?: {
    /** Leads forecast for the next 7 days (sum), and the last 7 days' actual (sum). */
    readonly leadsNext7: number | null;
    readonly leadsLast7: number | null;
    /** Mean error of the forecast of the period's total over the last 7 days, percent. */
    readonly deviationPct: number | null;
    /** Days of the last 28 outside the 95 % interval, summed over the KPIs. */
    readonly anomalies: number;
  };
}

/** One piece of text to show, before a model may rewrite it. */
export interface DraftMessage {
  readonly topic: MessageTopic;
  /** The KPI it is about (`overall` for the summary, the score and the forecast). */
  readonly kpi: KpiName | "overall";
  readonly text: string;
}

const LABELS: Record<KpiName, string> = {
  aiVisibility: "AI Visibility",
  leads: "daily leads",
  webSessions: "daily web sessions",
  reviewRating: "average review rating",
  sentiment: "positive sentiment",
};

/** A KPI value as people read it. */
export function formatKpi(kpi: KpiName, value: number): string {
  switch (kpi) {
    case "sentiment":
      return `${(100 * value).toFixed(1)} %`;
    case "reviewRating":
      return `${value.toFixed(2)} stars`;
    case "webSessions":
      return Math.round(value).toLocaleString("en-US");
    default:
      return value.toFixed(1);
  }
}

const pct = (fraction: number) => `${(100 * Math.abs(fraction)).toFixed(1)} %`;
const signedPct = (fraction: number) => `${fraction >= 0 ? "+" : "−"}${pct(fraction)}`;
const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const pick = <T>(options: readonly T[], random: Random): T =>
  options[Math.floor(random() * options.length)] as T;

/** Opening line of the summary: one per tone × mood, so every pair reads differently. */
const LEADS: Record<CopilotTone, Record<CopilotMood, readonly string[]>> = {
  professional: {
    calm: [
      "Here is this week's overview for {name}: performance is stable.",
      "Weekly review for {name}: no material change.",
    ],
    upbeat: [
      "Weekly review for {name}: results are trending upward.",
      "Here is this week's overview for {name}: a positive week.",
    ],
    focused: [
      "Weekly review for {name}: a few indicators need attention.",
      "Here is this week's overview for {name}: some metrics warrant a closer look.",
    ],
    concerned: [
      "Weekly review for {name}: several indicators have declined.",
      "Here is this week's overview for {name}: performance has weakened.",
    ],
    celebratory: [
      "Weekly review for {name}: an exceptional week across the board.",
      "Here is this week's overview for {name}: strong gains recorded.",
    ],
  },
  friendly: {
    calm: ["Hi {name} team! Things are nice and steady this week.", "Hey {name}! A quiet, steady week."],
    upbeat: [
      "Hi {name} team! Good news — things are looking up.",
      "Hey {name}! Nice week, the numbers are climbing.",
    ],
    focused: [
      "Hi {name} team! A couple of things are worth a look this week.",
      "Hey {name}! Let's keep an eye on a few numbers.",
    ],
    concerned: [
      "Hi {name} team — this week was a bit rough, but we can fix it.",
      "Hey {name}, a few numbers slipped this week; let's sort it out together.",
    ],
    celebratory: ["Hi {name} team! What a week — well done!", "Hey {name}! Big week, congratulations!"],
  },
  concise: {
    calm: ["{name}: stable week.", "{name}: no significant change."],
    upbeat: ["{name}: trending up.", "{name}: positive week."],
    focused: ["{name}: watch list below.", "{name}: mixed signals."],
    concerned: ["{name}: decline, action needed.", "{name}: down week."],
    celebratory: ["{name}: record-strength week.", "{name}: strong gains."],
  },
  enthusiastic: {
    calm: [
      "{name}, a steady week — solid ground to build on!",
      "Steady as she goes, {name} — a dependable week!",
    ],
    upbeat: [
      "{name}, you're on a roll — the numbers are climbing!",
      "Great momentum, {name} — things are heating up!",
    ],
    focused: [
      "{name}, time to zero in — a few quick wins are waiting!",
      "Game on, {name} — let's tighten up a few numbers!",
    ],
    concerned: [
      "{name}, a tough week — but every dip is a comeback waiting to happen!",
      "Heads up, {name} — let's turn this week around!",
    ],
    celebratory: [
      "{name}, this is a breakout week — amazing work!",
      "Wow, {name} — what a week to celebrate!",
    ],
  },
  empathetic: {
    calm: [
      "{name}, it's been a calm week — a good moment to catch your breath.",
      "A calm week for {name}; nothing here should keep you up at night.",
    ],
    upbeat: [
      "{name}, your hard work is showing — things are moving the right way.",
      "It's encouraging to see {name} trending up; your team has earned it.",
    ],
    focused: [
      "{name}, I know there is a lot on your plate; here are the few things that matter most.",
      "A few numbers need care at {name} — let's take them one at a time.",
    ],
    concerned: [
      "{name}, I know a week like this is hard; here is what changed and where to start.",
      "This week was difficult for {name}, and that's okay — let's look at it together.",
    ],
    celebratory: [
      "{name}, you and your team should feel proud — this was a remarkable week.",
      "What a rewarding week for {name}; your effort really paid off.",
    ],
  },
};

/** What to do next, by mood (imperative, lower case: the tone wraps it). */
const ACTIONS: Record<CopilotMood, readonly string[]> = {
  calm: ["review your top listings for fresh photos", "refresh the FAQ answers AI assistants quote"],
  upbeat: ["double down on the campaigns that drove this", "ask this week's happy customers for reviews"],
  focused: ["check response times on new leads", "compare this week's listings with last week's"],
  concerned: ["check your listings and lead response times first", "reply to this week's negative reviews"],
  celebratory: ["share what worked with the whole team", "lock in what worked into next month's plan"],
};

const CLOSERS: Record<CopilotTone, (action: string) => string> = {
  professional: (action) => `Recommended next step: ${action}.`,
  friendly: (action) => `Maybe ${action}?`,
  concise: (action) => `Next: ${action}.`,
  enthusiastic: (action) => `Let's ${action}!`,
  empathetic: (action) => `When you have a moment, ${action}.`,
};

function trendSentence(tone: CopilotTone, trend: number | null): string {
  if (trend === null) {
    return {
      professional: "There is not yet enough history to measure a weekly trend.",
      friendly: "We don't have two full weeks of data yet, so no trend for now.",
      concise: "Trend: needs 14 days of data.",
      enthusiastic: "Two more weeks of data and we'll see your trend!",
      empathetic: "It's early days: a trend needs two weeks of data, so give it a little time.",
    }[tone];
  }
  const s = signedPct(trend);
  return {
    professional: `Across the five tracked KPIs, the week-on-week trend is ${s}.`,
    friendly: `Overall, your KPIs moved ${s} compared with last week.`,
    concise: `Trend: ${s} week on week.`,
    enthusiastic: `Your KPIs moved ${s} week on week${trend >= 0 ? "!" : " — plenty of room to bounce back!"}`,
    empathetic: `All told, your KPIs moved ${s} against last week.`,
  }[tone];
}

/** One sentence about one KPI's week-on-week change, in the tone. */
export function changeSentence(tone: CopilotTone, change: KpiChange): string {
  const label = LABELS[change.kpi];
  const now = formatKpi(change.kpi, change.current);
  const before = formatKpi(change.kpi, change.previous);
  const c = change.change;
  if (c === null || Math.abs(c) < 0.005) {
    return {
      professional: `${capital(label)} held steady at ${now} over the last 7 days.`,
      friendly: `Your ${label} stayed put at about ${now}.`,
      concise: `${capital(label)}: ${now}, flat (7d).`,
      enthusiastic: `${capital(label)} is holding strong at ${now}!`,
      empathetic: `${capital(label)} stayed steady at ${now}, which is reassuring.`,
    }[tone];
  }
  const up = c > 0;
  return {
    professional: `${capital(label)} averaged ${now} over the last 7 days, ${up ? "up" : "down"} ${pct(c)} from ${before} the week before.`,
    friendly: `Your ${label} ${up ? "went up" : "dipped"} to ${now} — that's ${pct(c)} ${up ? "more" : "less"} than last week.`,
    concise: `${capital(label)}: ${before} → ${now} (${signedPct(c)}, 7d).`,
    enthusiastic: up
      ? `${capital(label)} jumped ${pct(c)} to ${now}!`
      : `${capital(label)} slipped ${pct(c)} to ${now} — let's win it back!`,
    empathetic: up
      ? `It's good to see ${label} rising ${pct(c)} to ${now}; your team's effort shows.`
      : `${capital(label)} eased ${pct(c)} to ${now}. That can be frustrating, and it is often a short-term swing.`,
  }[tone];
}

function scoreSentence(tone: CopilotTone, score: NonNullable<CopilotFacts["score"]>): string {
  const value = score.value.toFixed(1);
  const d = score.delta7;
  const moved = d === null ? null : `${d >= 0 ? "+" : "−"}${Math.abs(d).toFixed(1)}`;
  if (moved === null) {
    return {
      professional: `Your AI Visibility score stands at ${value} out of 100.`,
      friendly: `Your AI Visibility score is ${value} out of 100.`,
      concise: `AI Visibility score: ${value}/100.`,
      enthusiastic: `Your AI Visibility score is ${value} out of 100!`,
      empathetic: `Your AI Visibility score is ${value} out of 100 — a useful baseline to grow from.`,
    }[tone];
  }
  return {
    professional: `Your AI Visibility score stands at ${value} out of 100, ${moved} points over 7 days.`,
    friendly: `Your AI Visibility score is ${value} now (${moved} points this week).`,
    concise: `AI Visibility score: ${value}/100 (${moved}, 7d).`,
    enthusiastic: `AI Visibility score: ${value}/100, ${moved} points this week${(d as number) >= 0 ? " — assistants are noticing you!" : " — let's get those points back!"}`,
    empathetic: `Your AI Visibility score is ${value} out of 100 (${moved} points this week); small steps add up here.`,
  }[tone];
}

function forecastSentence(tone: CopilotTone, twin: NonNullable<CopilotFacts["twin"]>): string | undefined {
  if (twin.leadsNext7 === null) return undefined;
  const next = Math.round(twin.leadsNext7);
  const last = twin.leadsLast7 === null ? null : Math.round(twin.leadsLast7);
  const versus = last === null ? "" : ` (last 7 days: ${last})`;
  const accuracy =
    twin.deviationPct === null ? "" : ` The forecast's recent error was ${twin.deviationPct.toFixed(1)} %.`;
  const anomalies =
    twin.anomalies > 0
      ? ` ${twin.anomalies} day${twin.anomalies === 1 ? "" : "s"} of the last 28 fell outside the expected range.`
      : "";
  return {
    professional: `Your twin forecasts ${next} leads over the next 7 days${versus}.${accuracy}${anomalies}`,
    friendly: `Looking ahead, we expect about ${next} leads next week${versus}.${accuracy}${anomalies}`,
    concise: `Forecast: ${next} leads next 7d${versus}.${accuracy}${anomalies}`,
    enthusiastic: `Next week looks like about ${next} leads${versus} — get ready!${accuracy}${anomalies}`,
    empathetic: `To help you plan, the forecast is about ${next} leads next week${versus}.${accuracy}${anomalies}`,
  }[tone];
}

/** Words no message may contain: signs that a value was missing. */
const BROKEN = /\bundefined\b|\bNaN\b|\bnull\b|\[object|\{name\}|Infinity/;

function checked(text: string): string {
  const trimmed = text.replace(/\s+/g, " ").trim();
  if (trimmed === "" || BROKEN.test(trimmed)) {
    throw new DaiError(
      "copilot_template",
      `a Copilot template produced an unusable text: ${JSON.stringify(trimmed)}`,
      {
        status: 500,
      },
    );
  }
  return trimmed;
}

/**
 * The template generator: what changed for a dealer, as a short list of messages in one tone and mood.
 * Deterministic for a seed (the seed picks among phrasings); every tone × mood pair has its own opening
 * line, and the tone shapes every sentence after it.
 *
 * @example draftMessages(facts, "friendly", "upbeat", 42).map((m) => m.text)
 */
export function draftMessages(
  facts: CopilotFacts,
  tone: CopilotTone,
  mood: CopilotMood,
  seed: number,
): DraftMessage[] {
  const random = mulberry32(seed >>> 0);
  const name = facts.dealerName.trim() || facts.dealerId;
  const lead = pick(LEADS[tone][mood], random).replaceAll("{name}", name);
  const action = pick(ACTIONS[mood], random);
  const messages: DraftMessage[] = [
    {
      topic: "summary",
      kpi: "overall",
      text: checked(`${lead} ${trendSentence(tone, facts.trend)} ${CLOSERS[tone](action)}`),
    },
  ];
  // The two KPIs that moved most, largest first.
  const moved = facts.changes
    .filter((c) => c.change !== null)
    .sort((a, b) => Math.abs(b.change as number) - Math.abs(a.change as number))
    .slice(0, 2);
  for (const change of moved) {
    messages.push({ topic: "kpi", kpi: change.kpi, text: checked(changeSentence(tone, change)) });
  }
  if (facts.score)
    messages.push({ topic: "score", kpi: "aiVisibility", text: checked(scoreSentence(tone, facts.score)) });
  const forecast = facts.twin ? forecastSentence(tone, facts.twin) : undefined;
  if (forecast) messages.push({ topic: "forecast", kpi: "leads", text: checked(forecast) });
  return messages;
}
