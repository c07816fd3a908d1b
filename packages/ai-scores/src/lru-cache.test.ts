import { describe, expect, it } from "vitest";
import { LruCache } from "./lru-cache.js";

const entry = (key: string, body: string, tags: string[] = [], storedAt = 0) => ({
  key,
  body,
  etag: `"${key}"`,
  tags,
  storedAt,
  ttlSeconds: 10,
  swrSeconds: 5,
});

describe("LruCache", () => {
  it("is fresh for the TTL, stale for SWR more seconds, then gone", () => {
    const cache = new LruCache(10_000);
    cache.set(entry("a", "x"));
    expect(cache.lookup("a", 10_000).state).toBe("fresh");
    expect(cache.lookup("a", 10_001).state).toBe("stale");
    expect(cache.lookup("a", 15_000).state).toBe("stale");
    expect(cache.lookup("a", 15_001).state).toBe("miss");
    expect(cache.size).toBe(0);
  });

  it("keeps the UTF-8 bytes within budget by evicting the least recently used", () => {
    const body = "é".repeat(100);
    const cache = new LruCache(3 * (200 + 1 + 64));
    cache.set(entry("a", body));
    cache.set(entry("b", body));
    cache.set(entry("c", body));
    cache.lookup("a", 0);
    cache.set(entry("d", body));
    expect(cache.bytes).toBeLessThanOrEqual(cache.maxBytes);
    expect(cache.lookup("b", 0).state).toBe("miss");
    expect(cache.lookup("a", 0).state).toBe("fresh");
    expect(cache.evictions).toBe(1);
  });

  it("does not keep a body larger than the whole budget", () => {
    const cache = new LruCache(100);
    cache.set(entry("big", "x".repeat(500)));
    expect(cache.size).toBe(0);
    expect(cache.bytes).toBe(0);
  });

  it("purges every entry carrying any of the tags and only those", () => {
    const cache = new LruCache(10_000);
    cache.set(entry("score:1", "1", ["score:1", "scores:brand:Ford"]));
    cache.set(entry("list:ford", "l", ["scores:brand:Ford"]));
    cache.set(entry("list:kia", "k", ["scores:brand:Kia"]));
    expect(cache.purgeTags(["scores:brand:Ford"]).sort()).toEqual(["list:ford", "score:1"]);
    expect(cache.lookup("list:kia", 0).state).toBe("fresh");
    expect(cache.purgeTags(["scores:brand:Ford"])).toEqual([]);
  });

  it("replaces an entry with the same key without double-counting bytes", () => {
    const cache = new LruCache(10_000);
    cache.set(entry("a", "xx"));
    const bytes = cache.bytes;
    cache.set(entry("a", "xx"));
    expect(cache.bytes).toBe(bytes);
    expect(cache.size).toBe(1);
  });
});
