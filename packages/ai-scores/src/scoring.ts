import { DaiError } from "@dai/core";
import type { KpiRow } from "@dai/demo-data";
import { computeHealth } from "./health.js";
import { conversionValue, round, SCORE_MODEL, trendValue } from "./model.js";
import { peerRanks } from "./ranking.js";
import type { DealerScore } from "./types.js";
import { checkRow, dateOfDay, dayNumberOf, indexDealers, invalidRow, type ScoreDealer } from "./validate.js";
import { componentsOf, fillWindow, scoreOf, type Window } from "./window.js";

export interface ComputeScoresOptions {
  /** Forecast accuracy (0–1, e.g. 1 − MAPE) per dealer id, once the dealer twin provides it. */
  forecastAccuracy?: Readonly<Record<string, number>> | ReadonlyMap<string, number>;
  /** Keep only the last N days of each dealer's score history (default: all). */
  historyDays?: number;
}

export interface ScoreSet {
  /** Latest date across all dealers. */
  asOf: string;
  /** One score per dealer that has KPI rows, in the order of the `dealers` argument. */
  dealers: DealerScore[];
  /** Dealers without any KPI row (not scored). */
  withoutData: string[];
}

/**
 * AI Visibility scores (0–100) for every dealer with KPI rows: components, daily history, 7/28-day
 * trend, rank and percentile within brand, region and overall, and the Health index. Pure and
 * linear in the number of rows (prefix sums over each dealer's days); rows may come in any order.
 *
 * @example computeScores(dealers, rows).dealers[0].components.map((c) => `${c.label}: ${c.points}`)
 */
export function computeScores(
  dealers: readonly ScoreDealer[],
  rows: readonly KpiRow[],
  options: ComputeScoresOptions = {},
): ScoreSet {
  const dealerIndex = indexDealers(dealers);
  const perDealer: number[][] = dealers.map(() => []);
  const days = new Float64Array(rows.length);
  for (let index = 0; index < rows.length; index++) {
    const row = rows[index] as KpiRow;
    checkRow(row, index);
    const position = dealerIndex.get(row.dealerId);
    if (position === undefined) {
      throw invalidRow(index, "dealerId", `unknown dealer ${JSON.stringify(row.dealerId)}`);
    }
    days[index] = dayNumberOf(row.date, index);
    (perDealer[position] as number[]).push(index);
  }
  const historyDays = options.historyDays;
  if (historyDays !== undefined && !(Number.isInteger(historyDays) && historyDays >= 1)) {
    throw new DaiError("invalid_option", `historyDays: expected a positive integer, got ${historyDays}`, {
      field: "historyDays",
    });
  }
  const scratch = makeScratch(Math.max(0, ...perDealer.map((list) => list.length)));
  const scored: DealerScore[] = [];
  const withoutData: string[] = [];
  let lastDay = Number.NEGATIVE_INFINITY;
  dealers.forEach((dealer, position) => {
    const indexes = perDealer[position] as number[];
    if (indexes.length === 0) {
      withoutData.push(dealer.id);
      return;
    }
    const result = scoreDealer(
      dealer,
      rows,
      days,
      indexes,
      forecastFor(options.forecastAccuracy, dealer.id),
      scratch,
    );
    if (historyDays !== undefined && result.history.scores.length > historyDays) {
      const drop = result.history.scores.length - historyDays;
      result.history = {
        start: dateOfDay(dayNumberOf(result.history.start, -1) + drop),
        scores: result.history.scores.slice(drop),
      };
    }
    lastDay = Math.max(lastDay, dayNumberOf(result.asOf, -1));
    scored.push(result);
  });
  const scores = scored.map((s) => s.score);
  const brand = peerRanks(
    scores,
    scored.map((s) => s.brand),
  );
  const region = peerRanks(
    scores,
    scored.map((s) => s.region),
  );
  const overall = peerRanks(
    scores,
    scored.map(() => ""),
  );
  scored.forEach((s, i) => {
    s.ranks = { brand: brand[i] as never, region: region[i] as never, overall: overall[i] as never };
  });
  return { asOf: scored.length > 0 ? dateOfDay(lastDay) : "", dealers: scored, withoutData };
}

/** Prefix-sum buffers reused across dealers: one allocation per call instead of six per dealer. */
interface Scratch {
  day: Float64Array;
  pVis: Float64Array;
  pRating: Float64Array;
  pSent: Float64Array;
  pLeads: Float64Array;
  pSess: Float64Array;
}

function makeScratch(rows: number): Scratch {
  const buffer = () => new Float64Array(rows + 1);
  return {
    day: buffer(),
    pVis: buffer(),
    pRating: buffer(),
    pSent: buffer(),
    pLeads: buffer(),
    pSess: buffer(),
  };
}

function forecastFor(source: ComputeScoresOptions["forecastAccuracy"], id: string): number | undefined {
  if (source === undefined) return undefined;
  if (source instanceof Map) return source.get(id);
  return (source as Readonly<Record<string, number>>)[id];
}

function scoreDealer(
  dealer: ScoreDealer,
  rows: readonly KpiRow[],
  allDays: Float64Array,
  indexes: number[],
  forecastAccuracy: number | undefined,
  scratch: Scratch,
): DealerScore {
  let sorted = true;
  for (let i = 1; i < indexes.length; i++) {
    if ((allDays[indexes[i] as number] as number) <= (allDays[indexes[i - 1] as number] as number))
      sorted = false;
  }
  if (!sorted) indexes.sort((a, b) => (allDays[a] as number) - (allDays[b] as number));
  const m = indexes.length;
  const { day, pVis, pRating, pSent, pLeads, pSess } = scratch;
  for (let i = 0; i < m; i++) {
    const index = indexes[i] as number;
    const row = rows[index] as KpiRow;
    day[i] = allDays[index] as number;
    if (i > 0 && day[i] === day[i - 1]) {
      throw invalidRow(index, "date", `duplicate row for dealer ${row.dealerId} on ${row.date}`);
    }
    pVis[i + 1] = (pVis[i] as number) + row.aiVisibility;
    pRating[i + 1] = (pRating[i] as number) + row.reviewRating;
    pSent[i + 1] = (pSent[i] as number) + row.sentiment;
    pLeads[i + 1] = (pLeads[i] as number) + row.leads;
    pSess[i + 1] = (pSess[i] as number) + row.webSessions;
  }
  const firstDay = day[0] as number;
  const finalDay = day[m - 1] as number;
  const history: number[] = [];
  const window: Window = {
    visibility7: 0,
    rating28: 0,
    sentiment28: 0,
    leads28: 0,
    sessions28: 0,
    leadsPrev28: 0,
    sessionsPrev28: 0,
    hasPrevious: false,
  };
  const span = SCORE_MODEL.windowDays;
  const span7 = SCORE_MODEL.visibilityWindowDays;
  let lo7 = 0;
  let lo28 = 0;
  let lo56 = 0;
  let filled = 0;
  for (let i = 0; i < m; i++) {
    const d = day[i] as number;
    while ((day[lo7] as number) <= d - span7) lo7++;
    while ((day[lo28] as number) <= d - span) lo28++;
    while ((day[lo56] as number) <= d - 2 * span) lo56++;
    fillWindow(window, i, lo7, lo28, lo56, pVis, pRating, pSent, pLeads, pSess);
    window.hasPrevious = firstDay <= d - 2 * span + 1;
    const score = scoreOf(window);
    // A day without a KPI row keeps the previous day's score, so history[k] is always day firstDay + k.
    const slot = d - firstDay;
    for (; filled < slot; filled++) history.push(history[filled - 1] as number);
    history.push(score);
    filled = slot + 1;
  }
  const score = history[history.length - 1] as number;
  const at = (daysAgo: number): number | null =>
    finalDay - daysAgo >= firstDay ? (history[finalDay - daysAgo - firstDay] as number) : null;
  const score7 = at(7);
  const score28 = at(28);
  const performance =
    0.5 * conversionValue(window.leads28, window.sessions28) +
    0.5 * (window.hasPrevious ? trendValue(window.leads28, window.leadsPrev28) : 0.5);
  return {
    dealerId: dealer.id,
    name: dealer.name,
    brand: dealer.brand,
    region: dealer.region,
    groupId: dealer.groupId,
    asOf: dateOfDay(finalDay),
    score,
    components: componentsOf(window),
    trend: {
      delta7: score7 === null ? null : round(score - score7, 1),
      delta28: score28 === null ? null : round(score - score28, 1),
      score7dAgo: score7,
      score28dAgo: score28,
    },
    ranks: undefined as never,
    health: computeHealth({
      aiVisibility: score / 100,
      forecastAccuracy,
      sentiment: window.sentiment28,
      performance,
    }),
    history: { start: dateOfDay(firstDay), scores: history },
  };
}
