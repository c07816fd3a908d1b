import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { demoInputs } from "./__tests__/fixtures.js";
import { applyListQuery, listResourceKey, parseListQuery, type ScoreListQuery, SORT_KEYS } from "./query.js";
import { computeScores } from "./scoring.js";
import { toSummary } from "./summary.js";

const { dealers, rows } = demoInputs(40, 40);
const items = computeScores(dealers, rows).dealers.map(toSummary);

function parse(query: string): ScoreListQuery {
  const result = parseListQuery(new URLSearchParams(query));
  if (!result.ok) throw new Error(`${result.field}: ${result.message}`);
  return result.value;
}

describe("parseListQuery", () => {
  it("defaults to the best scores first, 50 per page", () => {
    expect(parse("")).toEqual({ sort: "-score", limit: 50 });
  });

  it("names the field of every invalid parameter", () => {
    const cases: [string, string][] = [
      ["limit=0", "limit"],
      ["limit=201", "limit"],
      ["limit=1e2", "limit"],
      ["sort=price", "sort"],
      ["sort=--score", "sort"],
      ["brand=", "brand"],
      ["colour=red", "colour"],
      ["brand=Ford&brand=Kia", "brand"],
    ];
    for (const [query, field] of cases) {
      const result = parseListQuery(new URLSearchParams(query));
      expect(result.ok ? "" : result.field).toBe(field);
    }
  });

  it("keys list resources canonically, ignoring parameter order and paging", () => {
    expect(listResourceKey(parse("sort=name&brand=Ford&limit=5"))).toBe(
      listResourceKey(parse("brand=Ford&sort=name")),
    );
    expect(listResourceKey(parse("brand=Mercedes-Benz"))).toBe("scores:list?brand=Mercedes-Benz&sort=-score");
  });
});

describe("applyListQuery", () => {
  it("filters by brand and region and sorts descending by score with ties by dealerId", () => {
    const brand = items[0]?.brand as string;
    const page = applyListQuery(items, parse(`brand=${encodeURIComponent(brand)}&limit=200`));
    if (!page.ok) throw new Error(page.message);
    expect(page.value.items.every((i) => i.brand === brand)).toBe(true);
    expect(page.value.total).toBe(items.filter((i) => i.brand === brand).length);
    const scores = page.value.items.map((i) => i.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it("walks every matching dealer exactly once through cursors, for any sort and page size", () => {
    const sort = fc.constantFrom(...SORT_KEYS.flatMap((k) => [k, `-${k}`]));
    fc.assert(
      fc.property(
        sort,
        fc.integer({ min: 1, max: 15 }),
        fc.option(fc.constantFrom("West", "Midwest")),
        (s, limit, region) => {
          const seen: string[] = [];
          let cursor: string | null = null;
          for (let pages = 0; pages < 100; pages++) {
            const query = parse(
              `sort=${s}&limit=${limit}${region ? `&region=${region}` : ""}${cursor ? `&cursor=${cursor}` : ""}`,
            );
            const page = applyListQuery(items, query);
            if (!page.ok) throw new Error(page.message);
            seen.push(...page.value.items.map((i) => i.dealerId));
            cursor = page.value.nextCursor;
            if (cursor === null) break;
          }
          const expected = items.filter((i) => !region || i.region === region).map((i) => i.dealerId);
          expect(seen.length).toBe(expected.length);
          expect(new Set(seen)).toEqual(new Set(expected));
        },
      ),
      { numRuns: 60 },
    );
  });

  it("rejects a forged cursor and one made for another sort", () => {
    const first = applyListQuery(items, parse("limit=5"));
    const cursor = first.ok ? (first.value.nextCursor as string) : "";
    const other = applyListQuery(items, parse(`sort=name&cursor=${cursor}`));
    expect(other.ok ? "" : other.message).toMatch(/made for sort=-score/);
    for (const bad of ["!!", "abc", "W10", btoa("[1,2]")]) {
      const result = applyListQuery(items, { sort: "-score", limit: 5, cursor: bad });
      expect(result.ok ? "" : result.field).toBe("cursor");
    }
  });
});
