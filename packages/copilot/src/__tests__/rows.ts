import type { KpiRow } from "@dai/demo-data";

const DAY_MS = 86_400_000;

/**
 * Synthetic daily KPIs: each KPI at `level × (1 + slope × day)` times a deterministic wobble of
 * relative size `noise`, `days` days ending 2026-06-30.
 */
export function rows(days: number, slope: number, noise = 0, dealerId = "dlr-001"): KpiRow[] {
  const end = Date.UTC(2026, 5, 30) / DAY_MS;
  const out: KpiRow[] = [];
  for (let i = 0; i < days; i++) {
    const wobble = 1 + noise * Math.sin(i * 2.1) * (i % 2 === 0 ? 1 : -1);
    const f = (1 + slope * i) * wobble;
    out.push({
      dealerId,
      date: new Date((end - days + 1 + i) * DAY_MS).toISOString().slice(0, 10),
      aiVisibility: 50 * f,
      leads: 20 * f,
      webSessions: 1000 * f,
      reviewRating: 4 * f,
      sentiment: 0.6 * f,
    });
  }
  return out;
}
