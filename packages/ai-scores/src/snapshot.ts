// Pure (Web-API only): the versioned snapshot the Node side publishes and an edge runtime serves.

import { contentHash, etagOf } from "./hash.js";
import type { CachePolicy } from "./headers.js";
import type { TtlDecision } from "./ttl-tuner.js";
import type { CacheBounds, DealerScore } from "./types.js";

export const SNAPSHOT_FORMAT = "dai.ai-scores.snapshot";
export const SNAPSHOT_VERSION = 1;

export interface SnapshotDealer extends DealerScore {
  /** ETag of the dealer's full score resource on the Node side. */
  etag: string;
}

/**
 * Snapshot format v1. Readers refuse another `format` or a newer `version`; a change that old readers
 * cannot ignore bumps `version`.
 */
export interface ScoreSnapshot {
  format: typeof SNAPSHOT_FORMAT;
  version: typeof SNAPSHOT_VERSION;
  generatedAt: string;
  /** Latest KPI date the scores describe. */
  asOf: string;
  /** Hash over every dealer's ETag. */
  dataVersion: string;
  cache: {
    bounds: CacheBounds;
    /** Policy for resources the Node tuner has no decision for. */
    default: CachePolicy;
    /** Tuned policy per resource key (`score:dlr-001`, `scores:list?sort=-score`). */
    resources: Record<string, CachePolicy>;
  };
  dealers: SnapshotDealer[];
}

export interface BuildSnapshotOptions {
  scores: readonly DealerScore[];
  bounds: CacheBounds;
  /** The tuner's current decisions; their TTL/SWR travel with the snapshot. */
  decisions?: readonly TtlDecision[];
  /** Days of history kept per dealer (default 90) — the snapshot stays small. */
  historyDays?: number;
  generatedAt?: string;
}

/**
 * Builds the snapshot. With no decision for a resource, readers use the manifest's minimum TTL and
 * full SWR: safe before the tuner has learnt anything.
 *
 * @example const snapshot = buildSnapshot({ scores: store.list(), bounds, decisions: tuner.decisions() });
 */
export function buildSnapshot(options: BuildSnapshotOptions): ScoreSnapshot {
  const historyDays = options.historyDays ?? 90;
  const dealers = options.scores.map((score): SnapshotDealer => {
    const { scores, start } = score.history;
    const drop = Math.max(0, scores.length - historyDays);
    const startDay = Date.parse(`${start}T00:00:00Z`) / 86_400_000 + drop;
    const history = {
      start: new Date(startDay * 86_400_000).toISOString().slice(0, 10),
      scores: scores.slice(drop),
    };
    return { ...score, history, etag: etagOf(JSON.stringify(score)) };
  });
  const resources: Record<string, CachePolicy> = {};
  for (const decision of options.decisions ?? []) {
    resources[decision.resource] = { ttlSeconds: decision.ttlSeconds, swrSeconds: decision.swrSeconds };
  }
  // ISO dates compare as strings.
  const asOf =
    dealers
      .map((d) => d.asOf)
      .sort()
      .at(-1) ?? "";
  return {
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    generatedAt: options.generatedAt ?? new Date().toISOString(),
    asOf,
    dataVersion: contentHash(dealers.map((d) => d.etag).join("")),
    cache: {
      bounds: { ...options.bounds },
      default: {
        ttlSeconds: options.bounds.minTtlSeconds,
        swrSeconds: options.bounds.staleWhileRevalidateSeconds,
      },
      resources,
    },
    dealers,
  };
}

/** Checks a parsed snapshot's envelope; throws an Error naming the field that is wrong. */
export function assertSnapshot(value: unknown): asserts value is ScoreSnapshot {
  const fail = (field: string, message: string): never => {
    throw new Error(`invalid score snapshot: ${field}: ${message}`);
  };
  if (value === null || typeof value !== "object") fail("(root)", "expected an object");
  const s = value as Partial<ScoreSnapshot>;
  if (s.format !== SNAPSHOT_FORMAT)
    fail("format", `expected "${SNAPSHOT_FORMAT}", got ${JSON.stringify(s.format)}`);
  if (s.version !== SNAPSHOT_VERSION) {
    fail("version", `this reader understands version ${SNAPSHOT_VERSION}, got ${JSON.stringify(s.version)}`);
  }
  if (!Array.isArray(s.dealers)) fail("dealers", "expected an array");
  const cache = s.cache;
  if (!cache || typeof cache !== "object" || !cache.default || !cache.resources || !cache.bounds) {
    fail("cache", "expected { bounds, default, resources }");
  }
  (s.dealers as unknown[]).forEach((dealer, index) => {
    const d = dealer as Partial<SnapshotDealer> | null;
    if (!d || typeof d.dealerId !== "string" || typeof d.score !== "number" || typeof d.etag !== "string") {
      fail(`dealers[${index}]`, "expected a dealer score with dealerId, score and etag");
    }
    if (!d?.history || !Array.isArray(d.history.scores))
      fail(`dealers[${index}].history`, "expected { start, scores }");
  });
}
