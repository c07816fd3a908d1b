import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { DaiError, parseJson } from "@dai/core";
import type { KpiRow } from "@dai/demo-data";

/** The fields of `dealers.json` this package uses. */
export interface DealerInfo {
  id: string;
  name?: string;
  brand: string;
  region: string;
  segment?: string;
}

/** One line of `kpi-daily.ndjson` (the demo data's own row type). */
export type KpiDay = KpiRow;

/** One entry of `copilot-events.json`. */
export interface CopilotEventInput {
  dealerId: string;
  userId?: string;
  timestamp: string;
  tone: string;
  mood: string;
  feedback: "up" | "down" | null;
}

export interface BehaviourData {
  dealers: DealerInfo[];
  kpis: KpiDay[];
  events: CopilotEventInput[];
}

const KPI_FIELDS = ["aiVisibility", "leads", "webSessions", "reviewRating", "sentiment"] as const;

export const INPUT_FILES = {
  dealers: "dealers.json",
  kpis: "kpi-daily.ndjson",
  events: "copilot-events.json",
} as const;

/**
 * Reads the demo data set from the data dir (written by `dai seed`); a missing file or a malformed
 * record is a clear error naming the file and the line or index.
 *
 * @example const data = await readBehaviourData("data");
 */
export async function readBehaviourData(dataDir: string): Promise<BehaviourData> {
  const dealers = asArray(
    parseJson(await readText(dataDir, INPUT_FILES.dealers), INPUT_FILES.dealers),
    INPUT_FILES.dealers,
  );
  for (const [i, d] of dealers.entries())
    requireFields(d, ["id", "brand", "region"], `${INPUT_FILES.dealers}[${i}]`);
  const kpis: KpiDay[] = [];
  (await readText(dataDir, INPUT_FILES.kpis)).split("\n").forEach((line, i) => {
    if (line.trim() === "") return;
    const row = parseJson(line, `${INPUT_FILES.kpis}:${i + 1}`);
    requireFields(row, ["dealerId", "date"], `${INPUT_FILES.kpis} line ${i + 1}`);
    for (const field of KPI_FIELDS) {
      const value = (row as Record<string, unknown>)[field];
      if (typeof value !== "number" || !Number.isFinite(value)) {
        throw new DaiError(
          "invalid_data",
          `${INPUT_FILES.kpis} line ${i + 1}.${field}: expected a finite number, got ${JSON.stringify(value)}`,
          {
            status: 422,
            field,
          },
        );
      }
    }
    kpis.push(row as KpiDay);
  });
  const events = asArray(
    parseJson(await readText(dataDir, INPUT_FILES.events), INPUT_FILES.events),
    INPUT_FILES.events,
  );
  for (const [i, e] of events.entries()) {
    requireFields(e, ["dealerId", "timestamp", "tone", "mood"], `${INPUT_FILES.events}[${i}]`);
  }
  return {
    dealers: dealers as unknown as DealerInfo[],
    kpis,
    events: events as unknown as CopilotEventInput[],
  };
}

async function readText(dataDir: string, name: string): Promise<string> {
  try {
    return await readFile(join(dataDir, name), "utf8");
  } catch (error) {
    throw new DaiError(
      "data_missing",
      `${join(dataDir, name)}: cannot read (${(error as NodeJS.ErrnoException).code ?? "error"}); run \`dai seed\` first`,
      {
        status: 404,
        cause: error,
      },
    );
  }
}

function asArray(value: unknown, source: string): Record<string, unknown>[] {
  if (!Array.isArray(value))
    throw new DaiError("invalid_data", `${source}: expected a JSON array`, { status: 422 });
  return value as Record<string, unknown>[];
}

function requireFields(value: unknown, fields: readonly string[], where: string): void {
  if (typeof value !== "object" || value === null)
    throw new DaiError("invalid_data", `${where}: expected an object`, { status: 422 });
  for (const field of fields) {
    if (typeof (value as Record<string, unknown>)[field] !== "string") {
      throw new DaiError("invalid_data", `${where}.${field}: expected a string`, { status: 422, field });
    }
  }
}
