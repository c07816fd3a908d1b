import { DaiError, type Logger, silentLogger } from "@dai/core";
import { Redis } from "ioredis";
import {
  assertTopic,
  type BusListener,
  type BusOptions,
  busClosed,
  checkHistorySize,
  type EventBus,
  ListenerRegistry,
  type PublishOptions,
  serialisePayload,
} from "../bus.js";
import { eventIdSeq, parseLastEventId } from "../ids.js";
import { decideReplay, type StoredEvent } from "../replay.js";
import {
  type AnyBusEvent,
  DEFAULT_TOPICS,
  type TopicMap,
  type TopicMapBase,
  type TopicOf,
} from "../topics.js";

export interface RedisStreamsBusOptions<M extends TopicMapBase = TopicMap> extends BusOptions<M> {
  /** `redis://host:port/db`; ignored when `redis` is given. */
  url?: string;
  /** An existing connection for publishing/replay; the bus duplicates it for its blocking reader. */
  redis?: Redis;
  /** Key prefix: streams are `<prefix>:t:<topic>`, the shared counter `<prefix>:seq`. Default `dai:bus`. */
  prefix?: string;
  /** How long one XREAD BLOCK waits before looping (ms); default 5000. */
  blockMs?: number;
  /** Entries read per stream per XREAD; default 1000. */
  readCount?: number;
  logger?: Logger;
  now?: () => number;
}

// One atomic step per publish: the shared counter gives the id (one order across topics), the
// previous entry of the topic is recorded so a resume can tell "trimmed" from "never existed", and
// the first publish of a fresh Redis starts the counter at the clock so ids rise across flushes.
const PUBLISH_LUA = `
if redis.call('EXISTS', KEYS[1]) == 0 then
  local t = redis.call('TIME')
  local start = string.format('%d', tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000))
  redis.call('SET', KEYS[1], start)
  redis.call('SET', KEYS[2], start)
end
local seq = redis.call('INCR', KEYS[1])
local id = string.format('%d', seq) .. '-0'
local last = redis.call('XREVRANGE', KEYS[3], '+', '-', 'COUNT', 1)
local prev = '0-0'
if #last > 0 then prev = last[1][1] end
redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[1], id, 'e', ARGV[2], 'p', prev)
return id
`;

type StreamEntry = [id: string, fields: string[]];

interface RedisWithPublish extends Redis {
  daiBusPublish(
    seqKey: string,
    startKey: string,
    stream: string,
    maxlen: number,
    envelope: string,
  ): Promise<string>;
}

/**
 * Redis Streams bus: several processes deliver the same events, in the same order, with the same
 * ids (the stream ids). One stream per topic, trimmed with `MAXLEN ~ historySize`; one blocking
 * reader connection per bus.
 *
 * @example const bus = await createRedisStreamsBus({ url: "redis://127.0.0.1:6379", prefix: "dai:bus" });
 */
export async function createRedisStreamsBus<M extends TopicMapBase = TopicMap>(
  options: RedisStreamsBusOptions<M> = {},
): Promise<EventBus<M>> {
  const topics = (options.topics ?? DEFAULT_TOPICS) as readonly TopicOf<M>[];
  const topicSet = new Set<string>(topics);
  const historySize = checkHistorySize(options.historySize);
  const logger = options.logger ?? silentLogger;
  const now = options.now ?? Date.now;
  const prefix = options.prefix ?? "dai:bus";
  const blockMs = options.blockMs ?? 5000;
  const readCount = options.readCount ?? 1000;
  const seqKey = `${prefix}:seq`;
  const startKey = `${prefix}:start`;
  const streamKey = (topic: string) => `${prefix}:t:${topic}`;
  const streamKeys = topics.map(streamKey);
  const topicByKey = new Map(topics.map((t) => [streamKey(t), t]));

  const ownsClient = options.redis === undefined;
  const client = (options.redis ??
    new Redis(options.url ?? "redis://127.0.0.1:6379", {
      lazyConnect: true,
      maxRetriesPerRequest: 2,
    })) as RedisWithPublish;
  client.defineCommand("daiBusPublish", { numberOfKeys: 3, lua: PUBLISH_LUA });
  const onRedisError = (error: unknown) => logger.warn("event-bus: Redis connection error", { error });
  if (ownsClient) client.on("error", onRedisError);
  try {
    if (ownsClient) await client.connect();
    await client.ping();
  } catch (error) {
    if (ownsClient) client.disconnect();
    throw new DaiError("redis_unavailable", `event bus: cannot reach Redis (${String(error)})`, {
      status: 503,
      cause: error,
    });
  }
  const reader = client.duplicate({ lazyConnect: true, maxRetriesPerRequest: null });
  reader.on("error", onRedisError);
  await reader.connect();

  const listeners = new ListenerRegistry<M>((error) => logger.error("event-bus listener failed", { error }));
  let cursor = (await client.get(seqKey)) ?? "0";
  let closed = false;

  const toEvent = (topic: string, entry: StreamEntry): StoredEvent<M> => {
    const [id, fields] = entry;
    let envelope = "";
    let prev = "0-0";
    for (let i = 0; i + 1 < fields.length; i += 2) {
      if (fields[i] === "e") envelope = fields[i + 1] as string;
      else if (fields[i] === "p") prev = fields[i + 1] as string;
    }
    const parsed = JSON.parse(envelope) as { data: unknown; publishedAt: number; dealerId?: string };
    const event = {
      id,
      seq: eventIdSeq(id) ?? 0,
      topic,
      data: parsed.data,
      publishedAt: parsed.publishedAt,
      ...(parsed.dealerId === undefined ? {} : { dealerId: parsed.dealerId }),
    } as AnyBusEvent<M>;
    return { event, prevSeq: prev === "0-0" ? 0 : (eventIdSeq(prev) ?? 0) };
  };

  // Reads every topic stream from one cursor. Because publishes are atomic scripts, what one XREAD
  // sees is a prefix of the global order, except where COUNT cut a stream short: deliver up to the
  // smallest last id of the cut streams and read the rest next round.
  const readLoop = async () => {
    while (!closed) {
      let result: [string, StreamEntry[]][] | null;
      try {
        result = (await reader.xread(
          "COUNT",
          readCount,
          "BLOCK",
          blockMs,
          "STREAMS",
          ...streamKeys,
          ...streamKeys.map(() => `${cursor}-0`),
        )) as [string, StreamEntry[]][] | null;
      } catch (error) {
        if (closed) return;
        logger.warn("event-bus: XREAD failed, retrying", { error });
        await new Promise((resolve) => setTimeout(resolve, 200));
        continue;
      }
      if (result === null || closed) continue;
      let cut = Number.POSITIVE_INFINITY;
      const batch: AnyBusEvent<M>[] = [];
      for (const [key, entries] of result) {
        const topic = topicByKey.get(key) as string;
        for (const entry of entries) batch.push(toEvent(topic, entry).event);
        const lastEntry = entries[entries.length - 1];
        if (entries.length >= readCount && lastEntry !== undefined) {
          cut = Math.min(cut, eventIdSeq(lastEntry[0]) ?? 0);
        }
      }
      batch.sort((a, b) => a.seq - b.seq);
      let delivered = Number(cursor);
      for (const event of batch) {
        if (event.seq > cut) break;
        listeners.dispatch(event);
        delivered = event.seq;
      }
      cursor = String(delivered);
    }
  };
  const loop = readLoop();

  const bus: EventBus<M> = {
    kind: "redis-streams",
    topics,
    historySize,
    get listenerCount() {
      return listeners.size;
    },
    async publish<T extends TopicOf<M>>(topic: T, data: M[T], publishOptions: PublishOptions = {}) {
      if (closed) throw busClosed();
      assertTopic(topicSet, topic);
      const json = serialisePayload(topic, data);
      const publishedAt = now();
      const dealer =
        publishOptions.dealerId === undefined ? "" : `,"dealerId":${JSON.stringify(publishOptions.dealerId)}`;
      const envelope = `{"publishedAt":${publishedAt}${dealer},"data":${json}}`;
      const id = await client.daiBusPublish(seqKey, startKey, streamKey(topic), historySize, envelope);
      return toEvent(topic, [id, ["e", envelope]]).event;
    },
    subscribe(selected: readonly TopicOf<M>[] | "*", listener: BusListener<M>) {
      if (selected !== "*") for (const topic of selected) assertTopic(topicSet, topic, "topics");
      return listeners.add(selected, listener);
    },
    async replay(selected: readonly TopicOf<M>[], afterId: string) {
      const afterSeq = parseLastEventId(afterId);
      for (const topic of selected) assertTopic(topicSet, topic, "topics");
      // One MULTI so the counter, its start and every stream are read at the same instant.
      const multi = client.multi().get(seqKey).get(startKey);
      for (const topic of selected) multi.xrange(streamKey(topic), `(${afterSeq}-0`, "+");
      const replies = (await multi.exec()) ?? [];
      const values = replies.map(([error, value]) => {
        if (error) throw error;
        return value;
      });
      const headSeq = Number(values[0] ?? 0);
      const startSeq = Number(values[1] ?? 0);
      const perTopic = selected.map((topic, i) =>
        ((values[i + 2] ?? []) as StreamEntry[]).map((entry) => toEvent(topic, entry)),
      );
      return decideReplay(afterSeq, startSeq, headSeq, perTopic);
    },
    async close() {
      if (closed) return;
      closed = true;
      listeners.clear();
      reader.disconnect();
      await loop;
      if (ownsClient) await client.quit().catch(() => client.disconnect());
    },
  };
  return bus;
}
