import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { DaiError } from "@dai/core";
import { KPI_NAMES, type KpiRow } from "@dai/demo-data";

/** A line of the KPI file that could not be used, with the reason. */
export interface BadLine {
  line: number;
  reason: string;
}

export interface DealerRows {
  dealerId: string;
  rows: KpiRow[];
}

/**
 * Streams `kpi-daily.ndjson` line by line and groups rows per dealer (in first-seen order). A line
 * that is not valid JSON or lacks a dealer id or date is skipped and reported with its line number;
 * a missing or non-numeric KPI value becomes a gap (NaN) that the forecaster repairs.
 *
 * @example const { dealers, badLines } = await readKpiFile("data/kpi-daily.ndjson")
 */
export async function readKpiFile(path: string): Promise<{ dealers: DealerRows[]; badLines: BadLine[] }> {
  const byDealer = new Map<string, KpiRow[]>();
  const badLines: BadLine[] = [];
  let stream: ReturnType<typeof createReadStream>;
  try {
    stream = createReadStream(path, { encoding: "utf8" });
    await new Promise<void>((resolve, reject) => {
      stream.once("open", () => resolve());
      stream.once("error", reject);
    });
  } catch (error) {
    throw new DaiError(
      "kpis_not_found",
      `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}; run \`dai seed\` first`,
      { status: 404, cause: error },
    );
  }
  let lineNumber = 0;
  for await (const line of createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY })) {
    lineNumber++;
    if (line.trim() === "") continue;
    const row = parseRow(line);
    if (typeof row === "string") {
      badLines.push({ line: lineNumber, reason: row });
      continue;
    }
    let rows = byDealer.get(row.dealerId);
    if (!rows) {
      rows = [];
      byDealer.set(row.dealerId, rows);
    }
    rows.push(row);
  }
  return { dealers: [...byDealer].map(([dealerId, rows]) => ({ dealerId, rows })), badLines };
}

/** A row, or the reason the line is unusable. */
export function parseRow(line: string): KpiRow | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return "invalid JSON";
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "expected a JSON object";
  const record = value as Record<string, unknown>;
  if (typeof record.dealerId !== "string" || record.dealerId === "")
    return "dealerId: expected a non-empty string";
  if (
    typeof record.date !== "string" ||
    !/^\d{4}-\d{2}-\d{2}$/.test(record.date) ||
    Number.isNaN(Date.parse(record.date))
  )
    return "date: expected YYYY-MM-DD";
  const row = { dealerId: record.dealerId, date: record.date } as KpiRow;
  for (const kpi of KPI_NAMES) {
    const v = record[kpi];
    row[kpi] = typeof v === "number" && Number.isFinite(v) ? v : Number.NaN;
  }
  return row;
}
