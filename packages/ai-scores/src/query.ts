// Pure (Web-API only): shared by the Node API and the edge reader.
import type { ScoreSummary } from "./types.js";

export const SORT_KEYS = ["score", "name", "delta7", "delta28", "health", "dealerId"] as const;
export type SortField = (typeof SORT_KEYS)[number];
/** `score` ascending, `-score` descending. */
export type SortKey = SortField | `-${SortField}`;

export interface ScoreListQuery {
  brand?: string;
  region?: string;
  groupId?: string;
  sort: SortKey;
  limit: number;
  cursor?: string;
}

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 200;
const PARAMS = new Set(["brand", "region", "groupId", "sort", "limit", "cursor"]);

export type ParseResult<T> = { ok: true; value: T } | { ok: false; field: string; message: string };

/**
 * Validates list query parameters. Unknown parameters are rejected (a typo should not silently
 * return the unfiltered list); each error names its field.
 *
 * @example parseListQuery(new URLSearchParams("brand=Ford&sort=-delta7&limit=20"))
 */
export function parseListQuery(
  params: URLSearchParams | Readonly<Record<string, string | undefined>>,
): ParseResult<ScoreListQuery> {
  const entries: [string, string][] =
    params instanceof URLSearchParams
      ? [...params.entries()]
      : Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined);
  const seen = new Set<string>();
  const query: ScoreListQuery = { sort: "-score", limit: DEFAULT_LIMIT };
  for (const [name, value] of entries) {
    if (!PARAMS.has(name)) {
      return { ok: false, field: name, message: `unknown parameter; allowed: ${[...PARAMS].join(", ")}` };
    }
    if (seen.has(name)) return { ok: false, field: name, message: "given more than once" };
    seen.add(name);
    if (value.length === 0 || value.length > 200) {
      return { ok: false, field: name, message: "expected 1–200 characters" };
    }
    if (name === "brand" || name === "region" || name === "groupId") query[name] = value;
    else if (name === "cursor") query.cursor = value;
    else if (name === "limit") {
      const limit = /^\d{1,4}$/.test(value) ? Number(value) : Number.NaN;
      if (!(limit >= 1 && limit <= MAX_LIMIT)) {
        return {
          ok: false,
          field: "limit",
          message: `expected an integer from 1 to ${MAX_LIMIT}, got "${value}"`,
        };
      }
      query.limit = limit;
    } else {
      const field = value.startsWith("-") ? value.slice(1) : value;
      if (!(SORT_KEYS as readonly string[]).includes(field)) {
        return {
          ok: false,
          field: "sort",
          message: `expected one of ${SORT_KEYS.join(", ")} (prefix "-" for descending), got "${value}"`,
        };
      }
      query.sort = value as SortKey;
    }
  }
  return { ok: true, value: query };
}

/** The cache resource key of a list query: filters and sort, canonical order, without paging. */
export function listResourceKey(query: ScoreListQuery): string {
  const parts: string[] = [];
  for (const name of ["brand", "region", "groupId"] as const) {
    const value = query[name];
    if (value !== undefined) parts.push(`${name}=${encodeURIComponent(value)}`);
  }
  parts.push(`sort=${query.sort}`);
  return `scores:list?${parts.join("&")}`;
}

export interface ListPage {
  items: ScoreSummary[];
  /** Matching dealers in total. */
  total: number;
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

type SortValue = string | number | null;

function sortValue(item: ScoreSummary, field: SortField): SortValue {
  return item[field];
}

/** Nulls last whatever the direction; ties broken by dealerId so the order is total. */
function compare(a: ScoreSummary, b: ScoreSummary, field: SortField, descending: boolean): number {
  const order = compareValues(sortValue(a, field), sortValue(b, field), descending);
  return order !== 0 ? order : a.dealerId < b.dealerId ? -1 : a.dealerId > b.dealerId ? 1 : 0;
}

function compareValues(x: SortValue, y: SortValue, descending: boolean): number {
  if (x === y) return 0;
  if (x === null) return 1;
  if (y === null) return -1;
  const order = x < y ? -1 : 1;
  return descending ? -order : order;
}

/**
 * Filters, sorts and pages summaries. The cursor is keyset-based (last item's sort value and id),
 * so pages stay consistent while scores are recomputed between requests.
 */
export function applyListQuery(items: readonly ScoreSummary[], query: ScoreListQuery): ParseResult<ListPage> {
  const descending = query.sort.startsWith("-");
  const field = (descending ? query.sort.slice(1) : query.sort) as SortField;
  const matching = items.filter(
    (item) =>
      (query.brand === undefined || item.brand === query.brand) &&
      (query.region === undefined || item.region === query.region) &&
      (query.groupId === undefined || item.groupId === query.groupId),
  );
  matching.sort((a, b) => compare(a, b, field, descending));
  let start = 0;
  if (query.cursor !== undefined) {
    const after = decodeCursor(query.cursor, query.sort);
    if (!after.ok) return after;
    const [value, id] = after.value;
    const probe = { ...(matching[0] as ScoreSummary), [field]: value, dealerId: id } as ScoreSummary;
    start = matching.findIndex((item) => compare(item, probe, field, descending) > 0);
    if (start < 0) start = matching.length;
  }
  const page = matching.slice(start, start + query.limit);
  const last = page[page.length - 1];
  const nextCursor =
    last !== undefined && start + page.length < matching.length
      ? encodeCursor(query.sort, sortValue(last, field), last.dealerId)
      : null;
  return { ok: true, value: { items: page, total: matching.length, nextCursor } };
}

function encodeCursor(sort: SortKey, value: SortValue, id: string): string {
  const bytes = new TextEncoder().encode(JSON.stringify([sort, value, id]));
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function decodeCursor(cursor: string, sort: SortKey): ParseResult<[SortValue, string]> {
  const invalid = { ok: false as const, field: "cursor", message: "not a cursor returned by this list" };
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return invalid;
    const binary = atob(cursor.replace(/-/g, "+").replace(/_/g, "/"));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    const parsed: unknown = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
    if (!Array.isArray(parsed) || parsed.length !== 3) return invalid;
    const [cursorSort, value, id] = parsed as unknown[];
    if (cursorSort !== sort) {
      return {
        ok: false,
        field: "cursor",
        message: `cursor was made for sort=${String(cursorSort)}, not ${sort}`,
      };
    }
    if (
      typeof id !== "string" ||
      !(value === null || typeof value === "string" || typeof value === "number")
    ) {
      return invalid;
    }
    return { ok: true, value: [value, id] };
  } catch {
    return invalid;
  }
}
