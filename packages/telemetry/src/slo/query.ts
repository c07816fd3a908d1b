import type { Comparator } from "@dai/manifest-schema";
import type { Dialect } from "../warehouse/types.js";
import type { MetricDefinition } from "./definitions.js";

export interface WindowBounds {
  /** Name and start (ISO) of each window; all end at `to`. */
  readonly main: string;
  readonly fast: string;
  readonly slow: string;
  readonly to: string;
}

/** The SQL condition under which one event alone misses a target (`>= 120` for "< 120"). */
export function missesCondition(expr: string, comparator: Comparator, threshold: number): string {
  switch (comparator) {
    case "lt":
      return `${expr} >= ${threshold}`;
    case "lte":
      return `${expr} > ${threshold}`;
    case "gt":
      return `${expr} <= ${threshold}`;
    case "gte":
      return `${expr} < ${threshold}`;
    case "eq":
      return `${expr} <> ${threshold}`;
    case "within":
      return `abs(${expr}) > ${threshold}`;
  }
}

/** Aggregate columns of one metric (optionally aliased with a prefix). */
export interface MetricColumns {
  /** Over the rolling window: `<prefix>value`, `<prefix>n`. */
  readonly main: string[];
  /** Over the slow window: `<prefix>n_fast`, `<prefix>bad_fast` (or `value_fast` for means), `…_slow`. */
  readonly burn: string[];
}

/**
 * The aggregates measuring one metric, written with the dialect's few functions so the same SQL
 * answers on every warehouse. With `filtered`, the caller restricts the scan to the metric's kind in
 * WHERE (pushed down to storage: measured faster than one scan for all metrics with the kind inside
 * each aggregate, 0.8 s against 3.7 s over 10M rows); otherwise the kind is a condition inside each
 * aggregate.
 */
export function metricColumns(
  definition: MetricDefinition,
  d: Dialect,
  bounds: WindowBounds,
  target: { comparator: Comparator; threshold: number },
  options: { exact?: boolean; prefix?: string; filtered?: boolean } = {},
): MetricColumns {
  const p = options.prefix ?? "";
  const inside = definition.kind !== undefined && !options.filtered;
  const k = inside ? `kind = '${definition.kind}'` : "TRUE";
  const only = (expr: string) => (inside ? `CASE WHEN ${k} THEN ${expr} END` : expr);
  // Conditions joined with AND, leaving out the always-true kind condition of a filtered scan.
  const and = (...parts: string[]) => parts.filter((part) => part !== "TRUE").join(" AND ") || "TRUE";
  const inWindow = (start: string) => `time >= ${d.timestamp(start)}`;
  const main: string[] = [];
  const burn: string[] = [];
  const measure = definition.measure;
  const windows = [
    ["_fast", bounds.fast],
    ["_slow", bounds.slow],
  ] as const;
  switch (measure.type) {
    case "quantile": {
      const expr = measure.expr(d);
      const bad = missesCondition(expr, target.comparator, target.threshold);
      main.push(
        `${d.quantile(only(expr), measure.q, options.exact)} AS ${p}value`,
        `COUNT(${only(expr)}) AS ${p}n`,
      );
      for (const [suffix, start] of windows) {
        burn.push(`${d.countIf(and(k, inWindow(start), `${expr} IS NOT NULL`))} AS ${p}n${suffix}`);
        burn.push(`${d.countIf(and(k, inWindow(start), bad))} AS ${p}bad${suffix}`);
      }
      break;
    }
    case "ratio": {
      const eligible = and(k, measure.eligible ?? "TRUE");
      main.push(`${d.divide(d.countIf(and(eligible, measure.good)), d.countIf(eligible))} AS ${p}value`);
      main.push(`${d.countIf(eligible)} AS ${p}n`);
      for (const [suffix, start] of windows) {
        burn.push(`${d.countIf(and(inWindow(start), eligible))} AS ${p}n${suffix}`);
        burn.push(
          `${d.countIf(and(inWindow(start), eligible, `NOT (${measure.good})`))} AS ${p}bad${suffix}`,
        );
      }
      break;
    }
    case "distinct-ratio": {
      const key = "COALESCE(user_id, session_id, id)";
      const users = (start: string | undefined, condition = "TRUE") =>
        `COUNT(DISTINCT CASE WHEN ${and(k, start ? inWindow(start) : "TRUE", condition)} THEN ${key} END)`;
      main.push(
        `${d.divide(users(undefined, measure.good), users(undefined))} AS ${p}value`,
        `${users(undefined)} AS ${p}n`,
      );
      for (const [suffix, start] of windows) {
        burn.push(`${users(start)} AS ${p}n${suffix}`);
        burn.push(`${users(start)} - ${users(start, measure.good)} AS ${p}bad${suffix}`);
      }
      break;
    }
    case "mean": {
      const expr = measure.expr(d);
      main.push(`AVG(${only(expr)}) AS ${p}value`, `COUNT(${only(expr)}) AS ${p}n`);
      for (const [suffix, start] of windows) {
        burn.push(`AVG(CASE WHEN ${and(k, inWindow(start))} THEN ${expr} END) AS ${p}value${suffix}`);
        burn.push(`${d.countIf(and(k, inWindow(start), `${expr} IS NOT NULL`))} AS ${p}n${suffix}`);
      }
      break;
    }
  }
  return { main, burn };
}

/**
 * One metric's queries, filtered to its kind: `main` (optionally grouped by day or hour into
 * `bucket`, for history charts) and `burn`.
 *
 * @example metricSql(definition, duckDbDialect, bounds, { comparator: "lt", threshold: 120 }).main
 */
export function metricSql(
  definition: MetricDefinition,
  d: Dialect,
  bounds: WindowBounds,
  target: { comparator: Comparator; threshold: number },
  options: { bucket?: "hour" | "day"; exact?: boolean } = {},
): { main: string; burn: string } {
  const columns = metricColumns(definition, d, bounds, target, {
    filtered: true,
    ...(options.exact ? { exact: true } : {}),
  });
  const where = (start: string) =>
    [
      `time >= ${d.timestamp(start)}`,
      `time <= ${d.timestamp(bounds.to)}`,
      ...(definition.kind ? [`kind = '${definition.kind}'`] : []),
    ].join(" AND ");
  const burnStart = [bounds.fast, bounds.slow].sort()[0] as string;
  const bucket = options.bucket;
  return {
    main: bucket
      ? `SELECT ${d.truncate(bucket, "time")} AS bucket, ${columns.main.join(", ")} FROM ${d.eventsTable} WHERE ${where(bounds.main)} GROUP BY bucket ORDER BY bucket`
      : `SELECT ${columns.main.join(", ")} FROM ${d.eventsTable} WHERE ${where(bounds.main)}`,
    burn: `SELECT ${columns.burn.join(", ")} FROM ${d.eventsTable} WHERE ${where(burnStart)}`,
  };
}
