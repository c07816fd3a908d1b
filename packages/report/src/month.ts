import { DaiError } from "@dai/core";

/** One calendar month in UTC: `2026-10` → [2026-10-01T00:00Z, 2026-11-01T00:00Z). */
export interface ReportMonth {
  /** `YYYY-MM`. */
  readonly id: string;
  readonly start: Date;
  /** Exclusive end: the first instant of the next month. */
  readonly end: Date;
  /** Days in the month. */
  readonly days: number;
  /** "October 2026". */
  readonly label: string;
}

/**
 * Parses `--month YYYY-MM`; without a value, the month before `now` (the report runs on the 1st for the
 * month that just ended). A bad value is refused naming the option.
 *
 * @example parseMonth("2026-10").label // "October 2026"
 */
export function parseMonth(value: string | undefined, now = new Date()): ReportMonth {
  if (value === undefined) {
    const previous = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
    return monthOf(previous.getUTCFullYear(), previous.getUTCMonth() + 1);
  }
  const match = /^(\d{4})-(\d{2})$/.exec(value.trim());
  const year = Number(match?.[1]);
  const month = Number(match?.[2]);
  if (!match || month < 1 || month > 12 || year < 2000) {
    throw new DaiError("invalid_option", `--month: expected a month like 2026-10 (YYYY-MM), got "${value}"`, {
      field: "month",
    });
  }
  return monthOf(year, month);
}

function monthOf(year: number, month: number): ReportMonth {
  const start = new Date(Date.UTC(year, month - 1, 1));
  const end = new Date(Date.UTC(year, month, 1));
  return {
    id: `${year}-${String(month).padStart(2, "0")}`,
    start,
    end,
    days: Math.round((end.getTime() - start.getTime()) / 86_400_000),
    label: start.toLocaleString("en-US", { month: "long", year: "numeric", timeZone: "UTC" }),
  };
}

/** Whether an ISO instant falls inside the month. */
export function inMonth(month: ReportMonth, iso: string | null | undefined): boolean {
  if (!iso) return false;
  const time = Date.parse(iso);
  return time >= month.start.getTime() && time < month.end.getTime();
}
