import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { DaiError, writeJsonAtomic } from "@dai/core";
import { DEMO_FILES, type Dealer, type KpiRow } from "@dai/demo-data";
import type { ScoreSnapshot } from "./snapshot.js";

/** Reads dealers.json and kpi-daily.ndjson from a seeded data dir; errors name the file and line. */
export async function readScoreInputs(dataDir: string): Promise<{ dealers: Dealer[]; rows: KpiRow[] }> {
  const dealersPath = join(dataDir, DEMO_FILES.dealers);
  const kpisPath = join(dataDir, DEMO_FILES.kpis);
  const dealersText = await readOrExplain(dealersPath);
  const kpiText = await readOrExplain(kpisPath);
  let dealers: Dealer[];
  try {
    dealers = JSON.parse(dealersText);
  } catch (error) {
    throw new DaiError("invalid_data", `${dealersPath}: not valid JSON`, { status: 422, cause: error });
  }
  const rows: KpiRow[] = [];
  let line = 0;
  for (const text of kpiText.split("\n")) {
    line++;
    if (text.trim() === "") continue;
    try {
      rows.push(JSON.parse(text));
    } catch (error) {
      throw new DaiError("invalid_data", `${kpisPath} line ${line}: not valid JSON`, {
        status: 422,
        cause: error,
      });
    }
  }
  return { dealers, rows };
}

async function readOrExplain(path: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    throw new DaiError("data_not_found", `${path} not found: run \`dai seed\` first`, {
      status: 404,
      cause: error,
    });
  }
}

/** Writes the snapshot atomically: an edge fetching it mid-write sees the old one or the new one. */
export async function writeSnapshot(path: string, snapshot: ScoreSnapshot): Promise<void> {
  await writeJsonAtomic(path, snapshot);
}
