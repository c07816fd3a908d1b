// Pure (Web-API only): an LRU keyed by resource with a byte budget and a tag index.
import { utf8Length } from "./hash.js";

export interface CacheEntry {
  key: string;
  body: string;
  etag: string;
  tags: readonly string[];
  /** When the body was computed (ms). */
  storedAt: number;
  ttlSeconds: number;
  swrSeconds: number;
  bytes: number;
}

export type Lookup =
  | { state: "fresh"; entry: CacheEntry; ageSeconds: number }
  | { state: "stale"; entry: CacheEntry; ageSeconds: number }
  | { state: "miss" };

/**
 * Least-recently-used cache bounded by the UTF-8 bytes of its bodies. An entry is fresh for its TTL,
 * may be served stale for SWR more seconds, and is never served after that. Entries are found by tag
 * for purges. Map insertion order is the recency order.
 *
 * @example const cache = new LruCache(8 << 20); cache.set({ key, body, etag, tags, storedAt: now, ttlSeconds: 60, swrSeconds: 10 });
 */
export class LruCache {
  private readonly entries = new Map<string, CacheEntry>();
  private readonly byTag = new Map<string, Set<string>>();
  private used = 0;
  evictions = 0;

  constructor(readonly maxBytes: number) {
    if (!(maxBytes > 0)) throw new RangeError(`maxBytes: expected > 0, got ${maxBytes}`);
  }

  get size(): number {
    return this.entries.size;
  }

  get bytes(): number {
    return this.used;
  }

  lookup(key: string, now: number): Lookup {
    const entry = this.entries.get(key);
    if (!entry) return { state: "miss" };
    const ageSeconds = (now - entry.storedAt) / 1000;
    if (ageSeconds > entry.ttlSeconds + entry.swrSeconds) {
      this.delete(key);
      return { state: "miss" };
    }
    this.entries.delete(key);
    this.entries.set(key, entry);
    return { state: ageSeconds <= entry.ttlSeconds ? "fresh" : "stale", entry, ageSeconds };
  }

  set(input: Omit<CacheEntry, "bytes">): CacheEntry {
    const entry: CacheEntry = { ...input, bytes: utf8Length(input.body) + utf8Length(input.key) + 64 };
    this.delete(entry.key);
    if (entry.bytes > this.maxBytes) return entry;
    this.entries.set(entry.key, entry);
    this.used += entry.bytes;
    for (const tag of entry.tags) {
      let keys = this.byTag.get(tag);
      if (!keys) {
        keys = new Set();
        this.byTag.set(tag, keys);
      }
      keys.add(entry.key);
    }
    while (this.used > this.maxBytes) {
      const oldest = this.entries.keys().next().value as string;
      this.delete(oldest);
      this.evictions++;
    }
    return entry;
  }

  delete(key: string): boolean {
    const entry = this.entries.get(key);
    if (!entry) return false;
    this.entries.delete(key);
    this.used -= entry.bytes;
    for (const tag of entry.tags) {
      const keys = this.byTag.get(tag);
      keys?.delete(key);
      if (keys?.size === 0) this.byTag.delete(tag);
    }
    return true;
  }

  /** Drops every entry carrying any of the tags; returns the dropped keys. */
  purgeTags(tags: readonly string[]): string[] {
    const keys = new Set<string>();
    for (const tag of tags) for (const key of this.byTag.get(tag) ?? []) keys.add(key);
    for (const key of keys) this.delete(key);
    return [...keys];
  }
}
