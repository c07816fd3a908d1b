import { mulberry32, type Random } from "@dai/core";
import { fromDayNumber, type HolidayEffect, usDealerHolidays } from "./calendar.js";
import { type Dealer, gaussian } from "./dealers.js";

/** One dealer-day of the KPIs the platform tracks. */
export interface KpiRow {
  dealerId: string;
  date: string;
  /** AI Visibility score, 0–100. */
  aiVisibility: number;
  leads: number;
  webSessions: number;
  /** Average review rating, 1–5. */
  reviewRating: number;
  /** Share of positive mentions in reviews and chats, 0–1. */
  sentiment: number;
}

export const KPI_NAMES = ["aiVisibility", "leads", "webSessions", "reviewRating", "sentiment"] as const;
export type KpiName = (typeof KPI_NAMES)[number];

// Showroom traffic peaks on Saturday; many states keep dealers closed on Sunday.
const SESSIONS_BY_WEEKDAY = [0.78, 1.04, 1.0, 0.98, 1.0, 1.03, 1.17];
const LEADS_BY_WEEKDAY = [0.55, 1.08, 1.02, 1.0, 1.02, 1.05, 1.28];

/** Tax-refund spring peak and a year-end sales push, as in US retail auto. */
function yearlyFactor(dayOfYear: number): number {
  return (
    1 +
    0.12 * Math.cos((2 * Math.PI * (dayOfYear - 80)) / 365.25) +
    0.06 * Math.cos((4 * Math.PI * (dayOfYear - 355)) / 365.25)
  );
}

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));
const round = (value: number, digits: number) => Number(value.toFixed(digits));

/**
 * Daily KPIs of one dealer over `[firstDay, lastDay]` (day numbers): trend, weekly and yearly
 * seasonality, holidays, noise and, for some dealers, a structural break (a site relaunch or a
 * listing problem). Each dealer gets its own PRNG stream so one dealer's series does not depend on
 * how many dealers come before it.
 */
export function* generateDealerKpis(
  dealer: Dealer,
  firstDay: number,
  lastDay: number,
  seed: number,
): Generator<KpiRow> {
  const random: Random = mulberry32(seed ^ hashString(dealer.id));
  const baseSessions = 900 * dealer.size * (dealer.segment === "luxury" ? 0.7 : 1);
  const conversion = 0.018 + 0.02 * random();
  const growthPerYear = 0.05 + 0.08 * gaussian(random);
  const baseVisibility = 30 + 35 * random();
  const visibilityGrowthPerYear = 4 + 6 * gaussian(random);
  let rating = 3.6 + 1.2 * random();
  const hasBreak = random() < 0.12;
  const breakDay = firstDay + Math.floor((0.3 + 0.6 * random()) * (lastDay - firstDay));
  const breakShift = hasBreak ? (random() < 0.5 ? -1 : 1) * (0.15 + 0.25 * random()) : 0;
  const holidays = new Map<number, HolidayEffect>();
  for (
    let year = new Date(firstDay * 86_400_000).getUTCFullYear();
    year <= new Date(lastDay * 86_400_000).getUTCFullYear();
    year++
  ) {
    for (const [day, effect] of usDealerHolidays(year)) holidays.set(day, effect);
  }
  let visibilityNoise = 0;
  for (let day = firstDay; day <= lastDay; day++) {
    const date = new Date(day * 86_400_000);
    const weekday = date.getUTCDay();
    const dayOfYear = Math.floor((day * 86_400_000 - Date.UTC(date.getUTCFullYear(), 0, 1)) / 86_400_000) + 1;
    const years = (day - firstDay) / 365.25;
    const broken = hasBreak && day >= breakDay ? 1 + breakShift : 1;
    const holiday = holidays.get(day);
    const holidaySessions = holiday === "closed" ? 0.45 : holiday === "sales-event" ? 1.3 : 1;
    const holidayLeads = holiday === "closed" ? 0.15 : holiday === "sales-event" ? 1.45 : 1;
    const level = baseSessions * (1 + growthPerYear) ** years * yearlyFactor(dayOfYear) * broken;
    const sessions = Math.max(
      0,
      Math.round(
        level * (SESSIONS_BY_WEEKDAY[weekday] ?? 1) * holidaySessions * Math.exp(0.08 * gaussian(random)),
      ),
    );
    const expectedLeads =
      sessions *
      conversion *
      ((LEADS_BY_WEEKDAY[weekday] ?? 1) / (SESSIONS_BY_WEEKDAY[weekday] ?? 1)) *
      (holidayLeads / holidaySessions);
    const leads = Math.max(
      0,
      Math.round(expectedLeads + Math.sqrt(Math.max(expectedLeads, 1)) * gaussian(random)),
    );
    // AI visibility moves slowly: an AR(1) deviation around a trend, shifted by a break.
    visibilityNoise = 0.85 * visibilityNoise + 1.2 * gaussian(random);
    const visibility = clamp(
      baseVisibility +
        visibilityGrowthPerYear * years +
        25 * breakShift * (broken !== 1 ? 1 : 0) +
        visibilityNoise,
      0,
      100,
    );
    rating = clamp(rating + 0.004 * gaussian(random) + 0.0004 * (4.3 - rating), 1, 5);
    const sentiment = clamp(((rating - 1) / 4) * 0.9 + 0.04 * gaussian(random), 0, 1);
    yield {
      dealerId: dealer.id,
      date: fromDayNumber(day),
      aiVisibility: round(visibility, 1),
      leads,
      webSessions: sessions,
      reviewRating: round(rating, 2),
      sentiment: round(sentiment, 3),
    };
  }
}

/** FNV-1a: a stable 32-bit hash of a string, to derive per-dealer seeds. */
export function hashString(value: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) {
    hash ^= value.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
