export type { ClientAccess, EventFilter } from "./access.js";
export { compileAccess } from "./access.js";
export { createMemoryBus, type MemoryBusOptions } from "./adapters/memory.js";
export { createRedisStreamsBus, type RedisStreamsBusOptions } from "./adapters/redis-streams.js";
export type {
  AuthorizeRequest,
  BroadcasterOptions,
  BroadcasterStats,
  FanoutSample,
  OpenOptions,
  SseBroadcaster,
} from "./broadcaster.js";
export { createSseBroadcaster } from "./broadcaster.js";
export type { BusListener, BusOptions, EventBus, PublishOptions, ReplayResult } from "./bus.js";
export { DEFAULT_HISTORY_SIZE } from "./bus.js";
export { CONTROL_EVENTS, parsePulseMessage } from "./client.js";
export { eventBusCommands, pulsePublishCommand, pulseTailCommand } from "./commands.js";
export { type CreateEventBusOptions, createEventBus } from "./create.js";
export { type BusEnv, loadBusEnv } from "./env.js";
export type { Frame, PulseEnvelope } from "./frames.js";
export { encodeEvent } from "./frames.js";
export { eventIdSeq, formatEventId, parseLastEventId } from "./ids.js";
export { LatencyRecorder } from "./latency.js";
export { type PulseRequest, parsePulseRequest } from "./request.js";
export { encodeSse, SSE_HEADERS, type SseMessage } from "./sse.js";
export type * from "./topics.js";
export { DEFAULT_TOPICS } from "./topics.js";
