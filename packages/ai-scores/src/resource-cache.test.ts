import { describe, expect, it } from "vitest";
import { BOUNDS } from "./__tests__/fixtures.js";
import { etagOf } from "./hash.js";
import { cacheControl, cacheHeaders, ifNoneMatchMatches, tagsForDealer, tagsForList } from "./headers.js";
import { ResourceCache, responseHeaders } from "./resource-cache.js";
import { TtlTuner } from "./ttl-tuner.js";

function setup() {
  let now = 1_000_000;
  const tuner = new TtlTuner({ bounds: BOUNDS, clock: () => now });
  const cache = new ResourceCache({ tuner, clock: () => now });
  return { tuner, cache, advance: (ms: number) => (now += ms), at: () => now };
}

describe("ResourceCache", () => {
  it("computes on a miss, serves hits within the tuned TTL, and serves stale once then refreshes", () => {
    const { cache, advance } = setup();
    let version = 1;
    const compute = () => `{"v":${version}}`;
    const first = cache.read("score:a", ["score:a"], compute);
    expect(first.status).toBe("miss");
    expect(first.etag).toBe(etagOf('{"v":1}'));
    advance(first.ttlSeconds * 1000);
    expect(cache.read("score:a", ["score:a"], compute).status).toBe("hit");
    version = 2;
    advance(1000);
    const stale = cache.read("score:a", ["score:a"], compute);
    expect(stale.status).toBe("stale");
    expect(stale.body).toBe('{"v":1}');
    expect(cache.read("score:a", ["score:a"], compute).body).toBe('{"v":2}');
    expect(cache.stats()).toMatchObject({ hits: 2, staleHits: 1, misses: 1 });
  });

  it("recomputes after a tag purge and teaches the tuner the change happened at the purge", () => {
    const { cache, tuner, advance, at } = setup();
    let version = 1;
    const compute = () => `{"v":${version}}`;
    cache.read("score:a", ["score:a", "scores:all"], compute);
    advance(60_000);
    version = 2;
    const purgedAt = at();
    expect(cache.purgeTags(["scores:all"])).toEqual(["score:a"]);
    advance(30_000);
    const after = cache.read("score:a", ["score:a", "scores:all"], compute);
    expect(after.status).toBe("miss");
    expect(after.body).toBe('{"v":2}');
    const decision = tuner.decide("score:a");
    expect(decision.reasons.changesObserved).toBe(1);
    expect(decision.reasons.openIntervalSeconds).toBe((at() - purgedAt) / 1000);
  });

  it("produces ETag, Cache-Control, Surrogate-Key, Cache-Tag and Age headers", () => {
    const { cache, advance } = setup();
    cache.read("score:a", ["score:a", "scores:all"], () => "{}");
    advance(2500);
    const headers = responseHeaders(cache.read("score:a", ["score:a", "scores:all"], () => "{}"));
    expect(headers.etag).toBe(etagOf("{}"));
    expect(headers["cache-control"]).toMatch(/^public, max-age=0, s-maxage=\d+, stale-while-revalidate=\d+$/);
    expect(headers["surrogate-key"]).toBe("score:a scores:all");
    expect(headers["cache-tag"]).toBe("score:a,scores:all");
    expect(headers.age).toBe("2");
    expect(headers["x-cache"]).toBe("HIT");
    const privateHeaders = responseHeaders(
      cache.read("score:a", ["score:a"], () => "{}"),
      "private",
    );
    expect(privateHeaders["cache-control"]).toMatch(/^private, max-age=\d+, stale-while-revalidate=\d+$/);
    expect(privateHeaders["surrogate-key"]).toBeUndefined();
  });
});

describe("header helpers", () => {
  it("formats Cache-Control for public, private and no-store", () => {
    expect(cacheControl({ ttlSeconds: 300.7, swrSeconds: 60 })).toBe(
      "public, max-age=0, s-maxage=300, stale-while-revalidate=60",
    );
    expect(cacheControl({ ttlSeconds: 30, swrSeconds: 5 }, "private")).toBe(
      "private, max-age=30, stale-while-revalidate=5",
    );
    expect(cacheControl({ ttlSeconds: 30, swrSeconds: 5 }, "no-store")).toBe("no-store");
    expect(cacheHeaders('"x"', { ttlSeconds: 1, swrSeconds: 1 }, ["a"], "no-store")).toEqual({
      etag: '"x"',
      "cache-control": "no-store",
    });
  });

  it("matches If-None-Match weakly, in lists and with *", () => {
    expect(ifNoneMatchMatches('W/"abc", "def"', '"abc"')).toBe(true);
    expect(ifNoneMatchMatches('"def"', 'W/"def"')).toBe(true);
    expect(ifNoneMatchMatches("*", '"x"')).toBe(true);
    expect(ifNoneMatchMatches('"abc"', '"abd"')).toBe(false);
    expect(ifNoneMatchMatches(null, '"abc"')).toBe(false);
  });

  it("tags a dealer so that every list containing it is purged with it", () => {
    const d = { dealerId: "dlr-001", brand: "Mercedes-Benz", region: "West", groupId: "grp apex" };
    const tags = tagsForDealer(d);
    for (const filter of [
      {},
      { brand: d.brand },
      { region: d.region },
      { groupId: d.groupId },
      { brand: d.brand, region: d.region },
    ]) {
      expect(tagsForList(filter).some((tag) => tags.includes(tag))).toBe(true);
    }
    expect(tags.every((tag) => !/[\s,]/.test(tag))).toBe(true);
  });
});
