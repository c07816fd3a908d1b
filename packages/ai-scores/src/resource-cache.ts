// Pure (Web-API only): the hot-path cache, honouring the tuned TTL and purged by tag.
import { etagOf } from "./hash.js";
import { type CacheVisibility, cacheHeaders } from "./headers.js";
import { LruCache } from "./lru-cache.js";
import type { TtlDecision, TtlTuner } from "./ttl-tuner.js";

export interface ResourceCacheOptions {
  tuner: TtlTuner;
  /** Byte budget of the bodies kept (default 32 MiB). */
  maxBytes?: number;
  clock?: () => number;
}

export interface CachedResponse {
  body: string;
  etag: string;
  /** fresh hit, stale hit (served while being revalidated) or miss (computed now). */
  status: "hit" | "stale" | "miss";
  /** Seconds since the served body was computed. */
  ageSeconds: number;
  ttlSeconds: number;
  swrSeconds: number;
  tags: readonly string[];
}

export interface CacheStats {
  hits: number;
  staleHits: number;
  misses: number;
  hitRatio: number | null;
  entries: number;
  bytes: number;
  maxBytes: number;
  evictions: number;
  purges: number;
}

/**
 * Serves resources from memory for as long as their tuned TTL (+ SWR, stale) allows, recomputing on
 * a miss. A stale hit returns the cached body and refreshes the entry right away (the compute is
 * synchronous, so "revalidate in the background" finishes before the next request). Every read and
 * every fresh ETag goes to the tuner, which is how it learns read rates and real change times.
 *
 * @example
 * const response = cache.read("score:dlr-001", tagsForDealer(s), () => JSON.stringify(store.get("dlr-001")));
 * new Response(response.body, { headers: responseHeaders(response) });
 */
export class ResourceCache {
  readonly tuner: TtlTuner;
  private readonly lru: LruCache;
  private readonly clock: () => number;
  private hits = 0;
  private staleHits = 0;
  private misses = 0;
  private purges = 0;

  constructor(options: ResourceCacheOptions) {
    this.tuner = options.tuner;
    this.lru = new LruCache(options.maxBytes ?? 32 * 1024 * 1024);
    this.clock = options.clock ?? Date.now;
  }

  read(resource: string, tags: readonly string[], compute: () => string, now = this.clock()): CachedResponse {
    const found = this.lru.lookup(resource, now);
    if (found.state === "fresh") {
      this.hits++;
      this.tuner.recordRead(resource, "hit", now);
      return respond(found.entry, "hit", found.ageSeconds);
    }
    if (found.state === "stale") {
      this.staleHits++;
      this.tuner.recordRead(resource, "stale", now);
      const served = respond(found.entry, "stale", found.ageSeconds);
      this.fill(resource, tags, compute, now);
      return served;
    }
    this.misses++;
    this.tuner.recordRead(resource, "miss", now);
    this.tuner.registerTags(resource, tags, now);
    return respond(this.fill(resource, tags, compute, now), "miss", 0);
  }

  private fill(resource: string, tags: readonly string[], compute: () => string, now: number) {
    const body = compute();
    const etag = etagOf(body);
    this.tuner.observeVersion(resource, etag, now);
    const decision: TtlDecision = this.tuner.decide(resource, now);
    return this.lru.set({
      key: resource,
      body,
      etag,
      tags,
      storedAt: now,
      ttlSeconds: decision.ttlSeconds,
      swrSeconds: decision.swrSeconds,
    });
  }

  /** Drops every cached resource carrying one of the tags and tells the tuner they may have changed. */
  purgeTags(tags: readonly string[], now = this.clock()): string[] {
    this.purges++;
    this.tuner.recordTagPurge(tags, now);
    return this.lru.purgeTags(tags);
  }

  stats(): CacheStats {
    const reads = this.hits + this.staleHits + this.misses;
    return {
      hits: this.hits,
      staleHits: this.staleHits,
      misses: this.misses,
      hitRatio: reads > 0 ? (this.hits + this.staleHits) / reads : null,
      entries: this.lru.size,
      bytes: this.lru.bytes,
      maxBytes: this.lru.maxBytes,
      evictions: this.lru.evictions,
      purges: this.purges,
    };
  }
}

function respond(
  entry: { body: string; etag: string; ttlSeconds: number; swrSeconds: number; tags: readonly string[] },
  status: CachedResponse["status"],
  ageSeconds: number,
): CachedResponse {
  return {
    body: entry.body,
    etag: entry.etag,
    status,
    ageSeconds,
    ttlSeconds: entry.ttlSeconds,
    swrSeconds: entry.swrSeconds,
    tags: entry.tags,
  };
}

/**
 * `ETag`, `Cache-Control`, `Surrogate-Key`, `Cache-Tag` and `Age` for a cached response. `Age` lets a
 * CDN in front count the time the body already spent here against the same TTL, so the total never
 * exceeds TTL + SWR.
 */
export function responseHeaders(
  response: CachedResponse,
  visibility: CacheVisibility = "public",
): Record<string, string> {
  const headers = cacheHeaders(
    response.etag,
    { ttlSeconds: response.ttlSeconds, swrSeconds: response.swrSeconds },
    response.tags,
    visibility,
  );
  if (visibility === "public") headers.age = String(Math.floor(response.ageSeconds));
  headers["x-cache"] = response.status.toUpperCase();
  return headers;
}
