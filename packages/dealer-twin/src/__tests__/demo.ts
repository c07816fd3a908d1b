import { mulberry32 } from "@dai/core";
import { generateDealerKpis, generateDealers, type KpiRow, toDayNumber } from "@dai/demo-data";

/** Rows of the first `dealers` demo dealers over `days` days ending 2026-11-24 (deterministic). */
export function demoRows(dealers: number, days: number, seed = 42): KpiRow[][] {
  const last = toDayNumber("2026-11-24");
  return generateDealers(mulberry32(seed), dealers).map((dealer) => [
    ...generateDealerKpis(dealer, last - days + 1, last, seed),
  ]);
}
