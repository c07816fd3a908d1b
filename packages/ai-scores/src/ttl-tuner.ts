// Pure (Web-API only): the auto-tuned TTL. Time is passed in (ms), so tests replay simulated clocks.
import type { CacheBounds } from "./types.js";

export interface TunerOptions {
  bounds: CacheBounds;
  /** Accepted probability that a cached copy is outdated by a change before its TTL ends. */
  stalenessTarget?: number;
  /** Mean inter-change interval assumed for a resource never seen changing (seconds). */
  priorMeanIntervalSeconds?: number;
  /** How many observed intervals the prior counts as. */
  priorWeight?: number;
  /** Intervals kept per resource: older behaviour is forgotten. */
  maxIntervals?: number;
  /** Half-life of the read-rate estimate (seconds). */
  readHalfLifeSeconds?: number;
  /** Heat per doubling of reads/min; the staleness budget is multiplied by up to `maxHeat`. */
  hotBoost?: number;
  maxHeat?: number;
  /** Share of the staleness budget given to stale-while-revalidate (capped by the manifest). */
  swrShare?: number;
  /** Resources tracked at most; the least recently read tenth is forgotten beyond it (default 10 000). */
  maxResources?: number;
  clock?: () => number;
}

/** Why a TTL is what it is: everything a dashboard needs to explain it. */
export interface TtlDecision {
  resource: string;
  ttlSeconds: number;
  swrSeconds: number;
  /** "min"/"max" when the manifest bound cut the tuned TTL, else null. */
  boundHit: "min" | "max" | null;
  reasons: {
    changesObserved: number;
    /** The last observed inter-change intervals, oldest first (seconds). */
    recentIntervalsSeconds: number[];
    medianIntervalSeconds: number | null;
    /** Seconds since the last change (or since first seen): censored evidence that it is stable. */
    openIntervalSeconds: number;
    /** (prior weight × prior mean + observed time) ÷ (prior weight + changes). */
    meanIntervalEstimateSeconds: number;
    readsPerMinute: number;
    heat: number;
    stalenessTarget: number;
    /** −ln(1 − target) × mean estimate × heat, before bounds. */
    budgetSeconds: number;
  };
  hits: number;
  staleHits: number;
  misses: number;
  /** (hits + stale hits) ÷ reads, or null before the first read. */
  hitRatio: number | null;
  changesPerHour: number;
  explanation: string;
}

interface ResourceState {
  firstSeen: number;
  /** Change times (ms), oldest first, at most maxIntervals + 1. */
  changes: number[];
  readWeight: number;
  lastRead: number;
  hits: number;
  staleHits: number;
  misses: number;
  lastEtag: string | undefined;
  /** Time of a tag purge not yet confirmed by a new ETag. */
  pendingChange: number | undefined;
  tags: readonly string[];
}

/**
 * Learns a TTL per resource from when its content actually changed and how often it is read.
 *
 * Rule: treat changes as a renewal process with mean interval μ. A copy cached at a random moment is
 * outdated within T with probability ≈ 1 − e^(−T/μ), so the staleness budget for target p is
 * B = −ln(1 − p) · μ̂ · heat. μ̂ shrinks the observed mean toward a prior:
 * μ̂ = (k·μ₀ + observed time) ÷ (k + changes), where observed time runs to *now*, so a resource that
 * stops changing earns a longer TTL. Hot resources (heat = 1 + hotBoost·log2(1 + reads/min), at most
 * maxHeat) accept more staleness because every expiry costs an origin hit per reader. Then
 * SWR = min(manifest SWR, swrShare·B) and TTL = clamp(B − SWR, min, max) from the manifest.
 *
 * @example
 * const tuner = new TtlTuner({ bounds: { minTtlSeconds: 5, maxTtlSeconds: 3600, staleWhileRevalidateSeconds: 60 } });
 * tuner.recordChange("score:dlr-001"); tuner.decide("score:dlr-001").ttlSeconds
 */
export class TtlTuner {
  readonly bounds: CacheBounds;
  private readonly options: Required<Omit<TunerOptions, "bounds" | "clock">>;
  private readonly clock: () => number;
  private readonly resources = new Map<string, ResourceState>();
  private readonly byTag = new Map<string, Set<string>>();

  constructor(options: TunerOptions) {
    const { bounds } = options;
    if (!(bounds.minTtlSeconds >= 0 && bounds.maxTtlSeconds >= bounds.minTtlSeconds)) {
      throw new RangeError(
        `cache bounds: expected 0 ≤ minTtlSeconds ≤ maxTtlSeconds, got ${bounds.minTtlSeconds}…${bounds.maxTtlSeconds}`,
      );
    }
    if (!(bounds.staleWhileRevalidateSeconds >= 0)) {
      throw new RangeError(`cache bounds: staleWhileRevalidateSeconds must be ≥ 0`);
    }
    this.bounds = bounds;
    this.clock = options.clock ?? Date.now;
    this.options = {
      stalenessTarget: options.stalenessTarget ?? 0.05,
      priorMeanIntervalSeconds: options.priorMeanIntervalSeconds ?? 3600,
      priorWeight: options.priorWeight ?? 1,
      maxIntervals: options.maxIntervals ?? 32,
      readHalfLifeSeconds: options.readHalfLifeSeconds ?? 300,
      hotBoost: options.hotBoost ?? 0.25,
      maxHeat: options.maxHeat ?? 2,
      swrShare: options.swrShare ?? 0.25,
      maxResources: options.maxResources ?? 10_000,
    };
    const p = this.options.stalenessTarget;
    if (!(p > 0 && p < 1)) throw new RangeError(`stalenessTarget: expected 0 < p < 1, got ${p}`);
  }

  private state(resource: string, now: number): ResourceState {
    let state = this.resources.get(resource);
    if (!state) {
      state = {
        firstSeen: now,
        changes: [],
        readWeight: 0,
        lastRead: now,
        hits: 0,
        staleHits: 0,
        misses: 0,
        lastEtag: undefined,
        pendingChange: undefined,
        tags: [],
      };
      this.resources.set(resource, state);
      if (this.resources.size > this.options.maxResources) this.forgetColdest();
    }
    return state;
  }

  /** Declares the tags a resource is purged by, so `recordTagPurge` can find it. */
  registerTags(resource: string, tags: readonly string[], now = this.clock()): void {
    const state = this.state(resource, now);
    for (const tag of state.tags) this.byTag.get(tag)?.delete(resource);
    state.tags = [...tags];
    for (const tag of tags) {
      let set = this.byTag.get(tag);
      if (!set) {
        set = new Set();
        this.byTag.set(tag, set);
      }
      set.add(resource);
    }
  }

  /** One read and how the cache answered it. */
  recordRead(resource: string, outcome: "hit" | "stale" | "miss", now = this.clock()): void {
    const state = this.state(resource, now);
    const halfLife = this.options.readHalfLifeSeconds * 1000;
    state.readWeight = state.readWeight * 2 ** (-(now - state.lastRead) / halfLife) + 1;
    state.lastRead = now;
    if (outcome === "hit") state.hits++;
    else if (outcome === "stale") state.staleHits++;
    else state.misses++;
  }

  /** The resource's content changed at `now` (known for certain, e.g. from the score store). */
  recordChange(resource: string, now = this.clock()): void {
    const state = this.state(resource, now);
    state.pendingChange = undefined;
    state.changes.push(now);
    if (state.changes.length > this.options.maxIntervals + 1) state.changes.shift();
  }

  /** Replays known past change times (e.g. daily score history) so a fresh process starts informed. */
  seedChanges(resource: string, times: readonly number[], now = this.clock()): void {
    if (times.length === 0) return;
    const state = this.state(resource, Math.min(now, ...times));
    state.firstSeen = Math.min(state.firstSeen, ...times);
    for (const time of [...times].sort((a, b) => a - b)) this.recordChange(resource, time);
  }

  /**
   * Tag purge: the resources carrying these tags *may* have changed at `now`. The change is counted
   * when `observeVersion` then sees a new ETag, at the purge time, so over-broad purges (a list page
   * that did not actually change) do not shorten its TTL.
   */
  recordTagPurge(tags: readonly string[], now = this.clock()): string[] {
    const touched = new Set<string>();
    for (const tag of tags) for (const resource of this.byTag.get(tag) ?? []) touched.add(resource);
    for (const resource of touched) {
      const state = this.resources.get(resource) as ResourceState;
      state.pendingChange ??= now;
    }
    return [...touched];
  }

  /** The ETag of freshly computed content; a different ETag than last time counts as a change. */
  observeVersion(resource: string, etag: string, now = this.clock()): boolean {
    const state = this.state(resource, now);
    const previous = state.lastEtag;
    state.lastEtag = etag;
    const pending = state.pendingChange;
    state.pendingChange = undefined;
    if (previous === undefined || previous === etag) return false;
    this.recordChange(resource, pending ?? now);
    return true;
  }

  /** The TTL and SWR to use for a resource now, with its reasons. */
  decide(resource: string, now = this.clock()): TtlDecision {
    const state = this.state(resource, now);
    const o = this.options;
    const { changes } = state;
    const windowed = changes.length > o.maxIntervals;
    const since = windowed ? (changes[0] as number) : state.firstSeen;
    // A change at the very start of observation (e.g. the first seeded one) closes no interval.
    const count = windowed ? changes.length - 1 : changes.filter((t) => t > since).length;
    const observedSeconds = Math.max(0, now - since) / 1000;
    const meanEstimate =
      (o.priorWeight * o.priorMeanIntervalSeconds + observedSeconds) / (o.priorWeight + count);
    const intervals: number[] = [];
    for (let i = 1; i < changes.length; i++) {
      intervals.push(((changes[i] as number) - (changes[i - 1] as number)) / 1000);
    }
    const readsPerMinute = this.readsPerMinute(state, now);
    const heat = Math.min(o.maxHeat, 1 + o.hotBoost * Math.log2(1 + readsPerMinute));
    const budget = -Math.log(1 - o.stalenessTarget) * meanEstimate * heat;
    const swrSeconds = Math.floor(Math.min(this.bounds.staleWhileRevalidateSeconds, o.swrShare * budget));
    const raw = budget - swrSeconds;
    const boundHit = raw < this.bounds.minTtlSeconds ? "min" : raw > this.bounds.maxTtlSeconds ? "max" : null;
    const ttlSeconds = Math.floor(
      Math.min(this.bounds.maxTtlSeconds, Math.max(this.bounds.minTtlSeconds, raw)),
    );
    const lastChange = changes[changes.length - 1];
    const openIntervalSeconds = (now - (lastChange ?? state.firstSeen)) / 1000;
    const reads = state.hits + state.staleHits + state.misses;
    const round2 = (x: number) => Math.round(x * 100) / 100;
    const decision: TtlDecision = {
      resource,
      ttlSeconds,
      swrSeconds,
      boundHit,
      reasons: {
        changesObserved: changes.length,
        recentIntervalsSeconds: intervals.slice(-8).map(round2),
        medianIntervalSeconds: intervals.length > 0 ? round2(median(intervals)) : null,
        openIntervalSeconds: round2(openIntervalSeconds),
        meanIntervalEstimateSeconds: round2(meanEstimate),
        readsPerMinute: round2(readsPerMinute),
        heat: round2(heat),
        stalenessTarget: o.stalenessTarget,
        budgetSeconds: round2(budget),
      },
      hits: state.hits,
      staleHits: state.staleHits,
      misses: state.misses,
      hitRatio: reads > 0 ? round2((state.hits + state.staleHits) / reads) : null,
      changesPerHour: round2(observedSeconds > 0 ? (count * 3600) / observedSeconds : 0),
      explanation: "",
    };
    decision.explanation = explain(decision);
    return decision;
  }

  /** Every known resource's decision, most read first: the `/pulse/meta/cache` table. */
  decisions(now = this.clock()): TtlDecision[] {
    return [...this.resources.keys()]
      .map((resource) => this.decide(resource, now))
      .sort(
        (a, b) => b.reasons.readsPerMinute - a.reasons.readsPerMinute || (a.resource < b.resource ? -1 : 1),
      );
  }

  /** Keeps memory bounded when clients invent resource keys (query strings, cursors). */
  private forgetColdest(): void {
    const byAge = [...this.resources.entries()].sort((a, b) => a[1].lastRead - b[1].lastRead);
    for (const [resource, state] of byAge.slice(0, Math.ceil(byAge.length / 10))) {
      this.resources.delete(resource);
      for (const tag of state.tags) this.byTag.get(tag)?.delete(resource);
    }
  }

  private readsPerMinute(state: ResourceState, now: number): number {
    const halfLife = this.options.readHalfLifeSeconds;
    const weight = state.readWeight * 2 ** (-(now - state.lastRead) / 1000 / halfLife);
    // A decayed count with half-life h integrates a steady rate r to r·h/ln 2.
    return (weight * Math.LN2 * 60) / halfLife;
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function explain(d: TtlDecision): string {
  const r = d.reasons;
  const seen =
    r.changesObserved === 0
      ? `no change seen in ${Math.round(r.openIntervalSeconds)} s`
      : `${r.changesObserved} changes seen (median interval ${r.medianIntervalSeconds ?? "n/a"} s)`;
  const bound = d.boundHit ? `, capped by the manifest ${d.boundHit} TTL` : "";
  return `${seen}; mean interval ≈ ${Math.round(r.meanIntervalEstimateSeconds)} s; ${r.readsPerMinute} reads/min → heat ${r.heat}; budget ${Math.round(r.budgetSeconds)} s for ${Math.round(r.stalenessTarget * 100)}% staleness → TTL ${d.ttlSeconds} s + SWR ${d.swrSeconds} s${bound}`;
}
