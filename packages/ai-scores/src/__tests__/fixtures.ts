import { type Dealer, type KpiRow, toDayNumber } from "@dai/demo-data";
import type { CacheBounds } from "../types.js";

export { demoInputs } from "../replay.js";

/** The manifest's bounds at the time of writing; tests that must follow the manifest load it instead. */
export const BOUNDS: CacheBounds = { minTtlSeconds: 5, maxTtlSeconds: 3600, staleWhileRevalidateSeconds: 60 };

export function dealer(id: string, brand = "Ford", region = "West"): Dealer {
  return {
    id,
    name: `Dealer ${id}`,
    brand,
    groupId: "grp-test",
    region: region as Dealer["region"],
    city: "Denver",
    state: "CO",
    timezone: "America/Denver",
    size: 1,
    segment: "mass",
  };
}

/** A flat series of `days` rows for one dealer ending on `end`, with overrides per row. */
export function flatRows(
  dealerId: string,
  days: number,
  end = "2026-06-30",
  base: Partial<KpiRow> = {},
): KpiRow[] {
  const last = toDayNumber(end);
  const rows: KpiRow[] = [];
  for (let day = last - days + 1; day <= last; day++) {
    rows.push({
      dealerId,
      date: new Date(day * 86_400_000).toISOString().slice(0, 10),
      aiVisibility: 50,
      leads: 20,
      webSessions: 1000,
      reviewRating: 4,
      sentiment: 0.6,
      ...base,
    });
  }
  return rows;
}
