import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import {
  DaiError,
  mulberry32,
  type Progress,
  silentProgress,
  writeFileAtomic,
  writeJsonAtomic,
  writeNdjsonAtomic,
} from "@dai/core";
import { fromDayNumber, toDayNumber } from "./calendar.js";
import { generateCopilotEvents } from "./copilot.js";
import { generateDealers } from "./dealers.js";
import { generateDealerKpis, type KpiRow } from "./kpis.js";

export interface SeedOptions {
  dataDir: string;
  seed?: number;
  dealers?: number;
  /** Days of KPI history, ending at `endDate`. */
  days?: number;
  /** Days of Copilot events, ending at `endDate`. */
  copilotDays?: number;
  /** Last day of data (YYYY-MM-DD); defaults to yesterday (UTC). */
  endDate?: string;
  progress?: Progress;
}

/** File names under the data dir; the small documents keep the seed's names. */
export const DEMO_FILES = {
  meta: "demo-meta.json",
  dealers: "dealers.json",
  kpis: "kpi-daily.ndjson",
  copilotEvents: "copilot-events.json",
} as const;

export interface SeedSummary {
  dataDir: string;
  seed: number;
  startDate: string;
  endDate: string;
  dealers: number;
  kpiRows: number;
  copilotEvents: number;
  files: string[];
}

export const DEFAULT_SEED = 42;

function yesterday(): string {
  return fromDayNumber(Math.floor(Date.now() / 86_400_000) - 1);
}

/**
 * Writes the demo data set. Same options (including `endDate`) → byte-identical files. The metadata
 * file is written last, so a data dir with `demo-meta.json` holds a complete data set.
 */
export async function seedDemoData(options: SeedOptions): Promise<SeedSummary> {
  const seed = options.seed ?? DEFAULT_SEED;
  const dealerCount = options.dealers ?? 200;
  const days = options.days ?? 730;
  const endDate = options.endDate ?? yesterday();
  const progress = options.progress ?? silentProgress;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(endDate) || Number.isNaN(Date.parse(endDate))) {
    throw new DaiError("invalid_option", `--end-date: expected YYYY-MM-DD, got "${endDate}"`, {
      field: "endDate",
    });
  }
  const lastDay = toDayNumber(endDate);
  const firstDay = lastDay - days + 1;
  const dealers = generateDealers(mulberry32(seed), dealerCount);

  progress.start("dealers", dealerCount);
  await writeJsonAtomic(join(options.dataDir, DEMO_FILES.dealers), dealers);
  progress.finish(`${dealerCount} dealers`);

  progress.start("daily KPIs", dealerCount);
  const kpiRows = await writeNdjsonAtomic(
    join(options.dataDir, DEMO_FILES.kpis),
    (function* (): Generator<KpiRow> {
      for (const [index, dealer] of dealers.entries()) {
        yield* generateDealerKpis(dealer, firstDay, lastDay, seed);
        progress.update(index + 1);
      }
    })(),
  );
  progress.finish(`${kpiRows} dealer-days`);

  progress.start("Copilot events");
  const events = generateCopilotEvents(dealers, lastDay, Math.min(options.copilotDays ?? 180, days), seed);
  // One event per line inside the array keeps the file diffable and streamable by line.
  await writeFileAtomic(
    join(options.dataDir, DEMO_FILES.copilotEvents),
    `[\n${events.map((event) => JSON.stringify(event)).join(",\n")}\n]\n`,
  );
  progress.finish(`${events.length} events`);

  const summary: SeedSummary = {
    dataDir: options.dataDir,
    seed,
    startDate: fromDayNumber(firstDay),
    endDate,
    dealers: dealerCount,
    kpiRows,
    copilotEvents: events.length,
    files: Object.values(DEMO_FILES),
  };
  const { dataDir: _omit, ...meta } = summary;
  await writeJsonAtomic(join(options.dataDir, DEMO_FILES.meta), meta);
  return summary;
}

/** The metadata of the seeded data set, or `undefined` when the data dir was never (fully) seeded. */
export async function readSeedMeta(dataDir: string): Promise<Omit<SeedSummary, "dataDir"> | undefined> {
  const path = join(dataDir, DEMO_FILES.meta);
  if (!existsSync(path)) return undefined;
  return JSON.parse(await readFile(path, "utf8"));
}
