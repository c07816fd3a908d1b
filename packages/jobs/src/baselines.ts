import { createReadStream, existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { DaiError, writeJsonAtomic } from "@dai/core";
import { DEMO_FILES, type Dealer, KPI_NAMES, type KpiName, type KpiRow, toDayNumber } from "@dai/demo-data";

export const BASELINES_FILE = "dealer-baselines.json";
const HISTORY_LIMIT = 104;

export interface Distribution {
  count: number;
  p25: number;
  median: number;
  p75: number;
  p90: number;
}

export interface BaselineSnapshot {
  generatedAt: string;
  /** Last day of the window (YYYY-MM-DD) and its length in days. */
  windowEnd: string;
  windowDays: number;
  byBrand: Record<string, Record<KpiName, Distribution>>;
  byRegion: Record<string, Record<KpiName, Distribution>>;
}

export interface BaselinesFile {
  current: BaselineSnapshot;
  history: BaselineSnapshot[];
}

/** Linear-interpolation quantile (type 7, as R and NumPy default) of sorted values. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  const lowValue = sorted[low] as number;
  return lowValue + ((sorted[high] as number) - lowValue) * (position - low);
}

function distribution(values: number[]): Distribution {
  const sorted = values.sort((a, b) => a - b);
  const round = (v: number) => Math.round(v * 1000) / 1000;
  return {
    count: sorted.length,
    p25: round(quantile(sorted, 0.25)),
    median: round(quantile(sorted, 0.5)),
    p75: round(quantile(sorted, 0.75)),
    p90: round(quantile(sorted, 0.9)),
  };
}

/**
 * The weekly benchmark refresh: the figures dealers are compared against — per brand and per region,
 * the quartiles and 90th percentile of each KPI's daily values over the last `windowDays` days — kept
 * with their history in `data/dealer-baselines.json`.
 */
export async function refreshBaselines(
  dataDir: string,
  windowDays = 28,
  now = new Date(),
): Promise<BaselinesFile> {
  const dealersPath = join(dataDir, DEMO_FILES.dealers);
  const kpisPath = join(dataDir, DEMO_FILES.kpis);
  if (!existsSync(dealersPath) || !existsSync(kpisPath))
    throw new DaiError("not_seeded", `no dealers or KPIs in ${dataDir}: run \`dai seed\``);
  const dealers = new Map(
    (JSON.parse(await readFile(dealersPath, "utf8")) as Dealer[]).map((d) => [d.id, d]),
  );
  let lastDay = Number.NEGATIVE_INFINITY;
  const rows: KpiRow[] = [];
  for await (const line of createInterface({
    input: createReadStream(kpisPath),
    crlfDelay: Number.POSITIVE_INFINITY,
  })) {
    if (!line) continue;
    const row = JSON.parse(line) as KpiRow;
    lastDay = Math.max(lastDay, toDayNumber(row.date));
    rows.push(row);
  }
  const firstDay = lastDay - windowDays + 1;
  const groups = {
    byBrand: new Map<string, Map<KpiName, number[]>>(),
    byRegion: new Map<string, Map<KpiName, number[]>>(),
  };
  const add = (map: Map<string, Map<KpiName, number[]>>, key: string, row: KpiRow) => {
    const byKpi = map.get(key) ?? new Map(KPI_NAMES.map((k) => [k, [] as number[]]));
    map.set(key, byKpi);
    for (const kpi of KPI_NAMES) byKpi.get(kpi)?.push(row[kpi]);
  };
  for (const row of rows) {
    if (toDayNumber(row.date) < firstDay) continue;
    const dealer = dealers.get(row.dealerId);
    if (!dealer) continue;
    add(groups.byBrand, dealer.brand, row);
    add(groups.byRegion, dealer.region, row);
  }
  const summarise = (map: Map<string, Map<KpiName, number[]>>) =>
    Object.fromEntries(
      [...map.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, byKpi]) => [
          key,
          Object.fromEntries(KPI_NAMES.map((k) => [k, distribution(byKpi.get(k) ?? [])])),
        ]),
    ) as Record<string, Record<KpiName, Distribution>>;
  const current: BaselineSnapshot = {
    generatedAt: now.toISOString(),
    windowEnd: new Date(lastDay * 86_400_000).toISOString().slice(0, 10),
    windowDays,
    byBrand: summarise(groups.byBrand),
    byRegion: summarise(groups.byRegion),
  };
  const path = join(dataDir, BASELINES_FILE);
  const previous = existsSync(path) ? (JSON.parse(await readFile(path, "utf8")) as BaselinesFile) : undefined;
  const history = previous ? [previous.current, ...previous.history].slice(0, HISTORY_LIMIT) : [];
  const file = { current, history };
  await writeJsonAtomic(path, file);
  return file;
}
