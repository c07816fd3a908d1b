import { DaiError } from "@dai/core";
import type { KpiRow } from "@dai/demo-data";

/** The dealer fields scoring uses; `Dealer` from @dai/demo-data fits. */
export interface ScoreDealer {
  id: string;
  name: string;
  brand: string;
  region: string;
  groupId: string;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function digit(text: string, at: number): number {
  const code = text.charCodeAt(at) - 48;
  return code >= 0 && code <= 9 ? code : Number.NaN;
}

/**
 * Day number (days since 1970-01-01) of a YYYY-MM-DD date, parsed from its characters: this runs once
 * per KPI row, and Date.parse or a Map of strings cost more than the scoring itself.
 */
export function dayNumberOf(date: unknown, index: number): number {
  if (typeof date === "string" && date.length === 10 && date[4] === "-" && date[7] === "-") {
    const year = digit(date, 0) * 1000 + digit(date, 1) * 100 + digit(date, 2) * 10 + digit(date, 3);
    const month = digit(date, 5) * 10 + digit(date, 6);
    const day = digit(date, 8) * 10 + digit(date, 9);
    const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
    const monthDays = month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
    if (day >= 1 && day <= monthDays) return daysFromCivil(year, month, day);
  }
  throw invalidRow(index, "date", `expected a YYYY-MM-DD date, got ${JSON.stringify(date)}`);
}

/** Howard Hinnant's days_from_civil: proleptic Gregorian date → days since 1970-01-01. */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

export function dateOfDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** Throws a 422 naming the row index and field when a KPI value is missing or out of range. */
export function checkRow(row: KpiRow, index: number): void {
  if (row === null || typeof row !== "object") throw invalidRow(index, "", "expected an object");
  range(row.aiVisibility, 0, 100, index, "aiVisibility");
  range(row.leads, 0, Number.POSITIVE_INFINITY, index, "leads");
  range(row.webSessions, 0, Number.POSITIVE_INFINITY, index, "webSessions");
  range(row.reviewRating, 1, 5, index, "reviewRating");
  range(row.sentiment, 0, 1, index, "sentiment");
}

function range(value: unknown, min: number, max: number, index: number, field: string): void {
  if (typeof value !== "number" || !(value >= min && value <= max)) {
    throw invalidRow(index, field, `expected a number from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
}

export function invalidRow(index: number, field: string, message: string): DaiError {
  const path = field ? `rows[${index}].${field}` : `rows[${index}]`;
  return new DaiError("invalid_kpi_row", `${path}: ${message}`, {
    status: 422,
    field: path,
    details: [{ path, message }],
  });
}

/** Index of dealers by id; duplicates and blank ids are errors naming the index. */
export function indexDealers(dealers: readonly ScoreDealer[]): Map<string, number> {
  const byId = new Map<string, number>();
  dealers.forEach((dealer, index) => {
    for (const field of ["id", "name", "brand", "region", "groupId"] as const) {
      if (typeof dealer?.[field] !== "string" || dealer[field] === "") {
        const path = `dealers[${index}].${field}`;
        throw new DaiError("invalid_dealer", `${path}: expected a non-empty string`, {
          status: 422,
          field: path,
        });
      }
    }
    if (byId.has(dealer.id)) {
      const path = `dealers[${index}].id`;
      throw new DaiError("invalid_dealer", `${path}: duplicate dealer id "${dealer.id}"`, {
        status: 422,
        field: path,
      });
    }
    byId.set(dealer.id, index);
  });
  return byId;
}
