import { mulberry32 } from "@dai/core";
import type { Dealer } from "./dealers.js";
import { hashString, KPI_NAMES, type KpiName } from "./kpis.js";

export const TONES = ["professional", "friendly", "concise", "enthusiastic", "empathetic"] as const;
export type Tone = (typeof TONES)[number];
export const MOODS = ["calm", "upbeat", "focused", "concerned", "celebratory"] as const;
export type Mood = (typeof MOODS)[number];

/** One Copilot explanation shown to a dealer user, with the thumbs up/down it got, if any. */
export interface CopilotEvent {
  id: string;
  type: "copilot.explanation";
  dealerId: string;
  userId: string;
  timestamp: string;
  tone: Tone;
  mood: Mood;
  kpi: KpiName;
  feedback: "up" | "down" | null;
}

// Which tone lands depends on the audience: luxury rooftops reward a professional voice, mass-market
// ones a friendly one. The tone trainer is expected to discover this from feedback.
const APPROVAL: Record<Dealer["segment"], Record<Tone, number>> = {
  mass: { professional: 0.74, friendly: 0.86, concise: 0.78, enthusiastic: 0.8, empathetic: 0.79 },
  premium: { professional: 0.82, friendly: 0.82, concise: 0.8, enthusiastic: 0.7, empathetic: 0.78 },
  luxury: { professional: 0.9, friendly: 0.74, concise: 0.81, enthusiastic: 0.58, empathetic: 0.77 },
};
const MOOD_ADJUSTMENT: Record<Mood, number> = {
  calm: 0,
  upbeat: 0.02,
  focused: 0.01,
  concerned: -0.06,
  celebratory: 0.03,
};

/**
 * Copilot events over the last `days` days up to `lastDay`: each dealer's staff open one to three
 * explanations a day, about 40% of which get a thumbs up or down.
 */
export function generateCopilotEvents(
  dealers: readonly Dealer[],
  lastDay: number,
  days: number,
  seed: number,
): CopilotEvent[] {
  const events: CopilotEvent[] = [];
  for (const dealer of dealers) {
    const random = mulberry32((seed * 31) ^ hashString(`copilot:${dealer.id}`));
    const dailyRate = 0.4 + 1.6 * random();
    const users = 1 + Math.floor(4 * random());
    for (let day = lastDay - days + 1; day <= lastDay; day++) {
      let count = 0;
      // Poisson draw by inversion; the rates are small.
      for (let p = Math.exp(-dailyRate), s = p, u = random(); u > s; count++) {
        p *= dailyRate / (count + 1);
        s += p;
      }
      for (let n = 0; n < count; n++) {
        const tone = TONES[Math.floor(random() * TONES.length)] as Tone;
        const mood = MOODS[Math.floor(random() * MOODS.length)] as Mood;
        const seconds = Math.floor((7 + 12 * random()) * 3600);
        const rated = random() < 0.4;
        const approval = APPROVAL[dealer.segment][tone] + MOOD_ADJUSTMENT[mood];
        events.push({
          id: "",
          type: "copilot.explanation",
          dealerId: dealer.id,
          userId: `${dealer.id}-u${1 + Math.floor(random() * users)}`,
          timestamp: new Date(day * 86_400_000 + seconds * 1000).toISOString(),
          tone,
          mood,
          kpi: KPI_NAMES[Math.floor(random() * KPI_NAMES.length)] as KpiName,
          feedback: rated ? (random() < approval ? "up" : "down") : null,
        });
      }
    }
  }
  events.sort((a, b) =>
    a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : a.dealerId < b.dealerId ? -1 : 1,
  );
  events.forEach((event, index) => {
    event.id = `ce-${String(index + 1).padStart(7, "0")}`;
  });
  return events;
}
