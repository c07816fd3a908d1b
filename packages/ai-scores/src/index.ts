export type { ListScope, ScoreApiOptions } from "./api.js";
export { ScoreApi } from "./api.js";
export { scoreCommands, scoresCommand, scoresSnapshotCommand } from "./commands.js";
export type { EdgeHandlerOptions, EdgeResponse } from "./edge.js";
export { createEdgeHandler, problemResponse, SnapshotReader } from "./edge.js";
export { contentHash, etagOf, utf8Length } from "./hash.js";
export type { CachePolicy, CacheVisibility } from "./headers.js";
export {
  ALL_SCORES_TAG,
  brandTag,
  cacheControl,
  cacheHeaders,
  cacheTagHeader,
  dealerTag,
  groupTag,
  ifNoneMatchMatches,
  regionTag,
  surrogateKeyHeader,
  tagsForDealer,
  tagsForList,
} from "./headers.js";
export type { HealthInputs } from "./health.js";
export { computeHealth } from "./health.js";
export { readScoreInputs, writeSnapshot } from "./io.js";
export type { CacheEntry, Lookup } from "./lru-cache.js";
export { LruCache } from "./lru-cache.js";
export { cacheBoundsFromManifest, loadCacheBounds } from "./manifest.js";
export { HEALTH_MODEL, SCORE_MODEL } from "./model.js";
export type { ListPage, ParseResult, ScoreListQuery, SortKey } from "./query.js";
export {
  applyListQuery,
  DEFAULT_LIMIT,
  listResourceKey,
  MAX_LIMIT,
  parseListQuery,
  SORT_KEYS,
} from "./query.js";
export { peerRanks } from "./ranking.js";
export type { ReplayOptions, ReplayResult } from "./replay.js";
export { demoInputs, replayTraffic, zipf } from "./replay.js";
export type { CachedResponse, CacheStats, ResourceCacheOptions } from "./resource-cache.js";
export { ResourceCache, responseHeaders } from "./resource-cache.js";
export type { ComputeScoresOptions, ScoreSet } from "./scoring.js";
export { computeScores } from "./scoring.js";
export type { BuildSnapshotOptions, ScoreSnapshot, SnapshotDealer } from "./snapshot.js";
export { assertSnapshot, buildSnapshot, SNAPSHOT_FORMAT, SNAPSHOT_VERSION } from "./snapshot.js";
export type { ScoreChange, ScoreInputs, ScoreResource, ScoreUpdate } from "./store.js";
export { ScoreStore } from "./store.js";
export { SPARKLINE_DAYS, toSummary } from "./summary.js";
export type { TtlDecision, TunerOptions } from "./ttl-tuner.js";
export { TtlTuner } from "./ttl-tuner.js";
export type * from "./types.js";
export type { ScoreDealer } from "./validate.js";
