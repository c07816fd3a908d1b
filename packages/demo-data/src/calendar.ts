/** Days since the Unix epoch for an ISO date (UTC). */
export function toDayNumber(isoDate: string): number {
  return Math.floor(Date.parse(`${isoDate}T00:00:00Z`) / 86_400_000);
}

export function fromDayNumber(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

export type HolidayEffect = "closed" | "sales-event";

function nthWeekday(year: number, month: number, weekday: number, n: number): number {
  const first = Date.UTC(year, month, 1) / 86_400_000;
  const offset = (weekday - new Date(first * 86_400_000).getUTCDay() + 7) % 7;
  return first + offset + (n - 1) * 7;
}

function lastWeekday(year: number, month: number, weekday: number): number {
  const last = Date.UTC(year, month + 1, 0) / 86_400_000;
  return last - ((new Date(last * 86_400_000).getUTCDay() - weekday + 7) % 7);
}

/**
 * US days that move car-dealer KPIs: closures (New Year's Day, Thanksgiving, Christmas) and the big
 * sales weekends (Presidents' Day, Memorial Day, Independence Day, Labor Day, Black Friday).
 */
export function usDealerHolidays(year: number): Map<number, HolidayEffect> {
  const days = new Map<number, HolidayEffect>();
  const thanksgiving = nthWeekday(year, 10, 4, 4);
  days.set(Date.UTC(year, 0, 1) / 86_400_000, "closed");
  days.set(thanksgiving, "closed");
  days.set(Date.UTC(year, 11, 25) / 86_400_000, "closed");
  const salesDays = [
    nthWeekday(year, 1, 1, 3),
    lastWeekday(year, 4, 1),
    Date.UTC(year, 6, 4) / 86_400_000,
    nthWeekday(year, 8, 1, 1),
    thanksgiving + 1,
  ];
  for (const day of salesDays) {
    // The sales event runs over the weekend before the holiday as well.
    for (let d = day - 2; d <= day; d++) if (!days.has(d)) days.set(d, "sales-event");
  }
  return days;
}
