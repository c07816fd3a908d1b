/** Why a series was repaired or forecast with a fallback; recorded with every forecast. */
export type SeriesIssue =
  | "empty"
  | "too-short"
  | "constant"
  | "gaps-interpolated"
  | "leading-gaps-dropped"
  | "trailing-gaps-filled"
  | "non-positive-values"
  | "rescaled-enormous-values"
  | "model-failed";

export interface CleanSeries {
  values: Float64Array;
  issues: SeriesIssue[];
  /** Index in the input of `values[0]` (leading gaps are dropped). */
  start: number;
}

/**
 * Turns raw observations (which may hold NaN, ±Infinity, null for missing days) into a gap-free
 * series: leading gaps are dropped, interior gaps linearly interpolated, trailing gaps carry the last
 * value. Every repair is listed in `issues`.
 *
 * @example cleanSeries([NaN, 1, NaN, 3, null]).values // [1, 2, 3, 3]
 */
export function cleanSeries(raw: ArrayLike<number | null | undefined>): CleanSeries {
  const issues: SeriesIssue[] = [];
  let first = 0;
  while (first < raw.length && !isFiniteNumber(raw[first])) first++;
  let last = raw.length - 1;
  while (last >= first && !isFiniteNumber(raw[last])) last--;
  if (first > 0 && first < raw.length) issues.push("leading-gaps-dropped");
  if (last < first) return { values: new Float64Array(0), issues: ["empty"], start: 0 };
  const n = raw.length - first;
  const values = new Float64Array(n);
  let previous = -1;
  let interpolated = false;
  for (let i = first; i <= last; i++) {
    const value = raw[i];
    if (!isFiniteNumber(value)) continue;
    if (previous >= 0 && i - previous > 1) {
      const from = values[previous - first]!;
      for (let j = previous + 1; j < i; j++) {
        // Weighted form: (value − from) alone overflows between −1.7e308 and 1.7e308.
        const share = (j - previous) / (i - previous);
        values[j - first] = from * (1 - share) + value * share;
      }
      interpolated = true;
    }
    values[i - first] = value;
    previous = i;
  }
  if (interpolated) issues.push("gaps-interpolated");
  if (last < raw.length - 1) {
    values.fill(values[last - first]!, last - first + 1);
    issues.push("trailing-gaps-filled");
  }
  return { values, issues, start: first };
}

function isFiniteNumber(value: number | null | undefined): value is number {
  return typeof value === "number" && Number.isFinite(value);
}
