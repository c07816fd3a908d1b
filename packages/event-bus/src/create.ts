import type { Logger } from "@dai/core";
import { createMemoryBus } from "./adapters/memory.js";
import { createRedisStreamsBus } from "./adapters/redis-streams.js";
import type { BusOptions, EventBus } from "./bus.js";
import { loadBusEnv } from "./env.js";
import type { TopicMap, TopicMapBase } from "./topics.js";

export interface CreateEventBusOptions<M extends TopicMapBase = TopicMap> extends BusOptions<M> {
  /** Environment to read (`REDIS_URL`, `EVENT_BUS_PREFIX`, `EVENT_BUS_HISTORY`); default `process.env`. */
  env?: Record<string, string | undefined>;
  logger?: Logger;
}

/**
 * The bus the configuration asks for: Redis Streams when `REDIS_URL` is set, else in-memory.
 * Explicit `historySize` wins over `EVENT_BUS_HISTORY`.
 *
 * @example const bus = await createEventBus(); // memory unless REDIS_URL is set
 */
export async function createEventBus<M extends TopicMapBase = TopicMap>(
  options: CreateEventBusOptions<M> = {},
): Promise<EventBus<M>> {
  const env = loadBusEnv(options.env);
  const historySize = options.historySize ?? env.EVENT_BUS_HISTORY;
  const common = {
    historySize,
    ...(options.topics === undefined ? {} : { topics: options.topics }),
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  };
  if (env.REDIS_URL === undefined) return createMemoryBus<M>(common);
  return createRedisStreamsBus<M>({ ...common, url: env.REDIS_URL, prefix: env.EVENT_BUS_PREFIX });
}
