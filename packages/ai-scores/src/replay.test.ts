import { describe, expect, it } from "vitest";
import { loadCacheBounds } from "./manifest.js";
import { replayTraffic } from "./replay.js";

// Bounds come from the manifest: the staleness assertions hold for whatever it says.
const bounds = await loadCacheBounds();

describe("replay of realistic traffic through the tuner and the in-process cache", () => {
  it("serves over 95% from cache with no response older than its TTL + SWR, purging on score changes", () => {
    // 3 req/s Poisson for two simulated days: Zipf(1.1) over 200 dealers, 10% list queries,
    // every score changing at 06:00 UTC; the tuner starts from the store's last week of changes.
    const result = replayTraffic({ bounds, days: 2, requestsPerSecond: 3, seedHistory: true });
    expect(result.scoreUpdates).toBe(2);
    expect(result.requests).toBeGreaterThan(500_000);
    expect(result.hitRatio).toBeGreaterThan(0.95);
    expect(result.worstAgeOverBound).toBeLessThanOrEqual(0);
    // Purged on change: no response ever predates the latest change of its resource.
    expect(result.outdated).toBe(0);
    const hottest = result.tuner.decisions()[0];
    expect(hottest?.reasons.changesObserved).toBeGreaterThan(2);
    expect(hottest?.ttlSeconds).toBe(bounds.maxTtlSeconds);
  });

  it("from a cold start and without purges, serves a changed score only within TTL + SWR of the change", () => {
    const result = replayTraffic({ bounds, days: 1.5, requestsPerSecond: 1, purge: false });
    expect(result.worstAgeOverBound).toBeLessThanOrEqual(0);
    expect(result.outdated).toBeGreaterThan(0);
    expect(result.worstOutdatedSeconds).toBeLessThanOrEqual(
      bounds.maxTtlSeconds + bounds.staleWhileRevalidateSeconds,
    );
  });
});
