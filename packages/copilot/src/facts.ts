import { computeScores } from "@dai/ai-scores";
import type { DealerTwin } from "@dai/dealer-twin";
import type { Dealer, KpiName, KpiRow } from "@dai/demo-data";
import type { MoodDerivation } from "./mood.js";
import type { CopilotFacts } from "./templates.js";

const sum = (values: readonly number[]) => values.reduce((total, v) => total + v, 0);

/** The AI Visibility score of one dealer and its 7-day change, from @dai/ai-scores; undefined without rows. */
export function scoreFacts(dealer: Dealer, rows: readonly KpiRow[]): CopilotFacts["score"] {
  if (rows.length === 0) return undefined;
  const [score] = computeScores([dealer], rows).dealers;
  return score ? { value: score.score, delta7: score.trend.delta7 } : undefined;
}

/** What the Copilot says about a twin: next week's leads, last week's, the forecast error and anomalies. */
export function twinFacts(twin: DealerTwin | undefined): CopilotFacts["twin"] {
  if (!twin) return undefined;
  const leads = twin.kpis.leads;
  const next = leads?.forecast.mean.slice(0, 7) ?? [];
  const last = (twin.history.values.leads ?? []).filter((v): v is number => v !== null).slice(-7);
  const errors = (Object.keys(twin.kpis) as KpiName[])
    .map((kpi) => twin.kpis[kpi]?.deviation.last7.totalError)
    .filter((v): v is number => typeof v === "number" && Number.isFinite(v));
  const anomalies = (Object.keys(twin.kpis) as KpiName[]).reduce(
    (total, kpi) => total + (twin.kpis[kpi]?.anomalies.length ?? 0),
    0,
  );
  return {
    leadsNext7: next.length === 7 ? sum(next) : null,
    leadsLast7: last.length === 7 ? sum(last) : null,
    deviationPct: errors.length > 0 ? sum(errors) / errors.length : null,
    anomalies,
  };
}

/** The facts of one dealer: its KPI changes (from the mood's derivation), score and twin. */
export function dealerFacts(
  dealer: Dealer,
  rows: readonly KpiRow[],
  mood: MoodDerivation,
  twin?: DealerTwin,
): CopilotFacts {
  const score = scoreFacts(dealer, rows);
  const twinPart = twinFacts(twin);
  return {
    dealerId: dealer.id,
    dealerName: dealer.name,
    asOf: mood.asOf,
    trend: mood.trend,
    changes: mood.changes,
    ...(score ? { score } : {}),
    ...(twinPart ? { twin: twinPart } : {}),
  };
}
