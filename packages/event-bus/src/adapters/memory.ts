import { type Logger, silentLogger } from "@dai/core";
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
import { formatEventId, parseLastEventId } from "../ids.js";
import { decideReplay, type StoredEvent } from "../replay.js";
import {
  type AnyBusEvent,
  DEFAULT_TOPICS,
  type TopicMap,
  type TopicMapBase,
  type TopicOf,
} from "../topics.js";

export interface MemoryBusOptions<M extends TopicMapBase = TopicMap> extends BusOptions<M> {
  logger?: Logger;
  /** First id is `startSeq + 1`; defaults to the clock in ms so ids keep rising across restarts. */
  startSeq?: number;
  /** Clock for `publishedAt`; tests pass a fake one. */
  now?: () => number;
}

/** Fixed-size ring: the newest `capacity` entries of one topic. */
class Ring<T> {
  private readonly items: (T | undefined)[];
  private start = 0;
  private length = 0;
  constructor(private readonly capacity: number) {
    this.items = new Array(capacity);
  }
  push(item: T): void {
    if (this.length < this.capacity) {
      this.items[(this.start + this.length++) % this.capacity] = item;
    } else {
      this.items[this.start] = item;
      this.start = (this.start + 1) % this.capacity;
    }
  }
  last(): T | undefined {
    return this.length === 0 ? undefined : this.items[(this.start + this.length - 1) % this.capacity];
  }
  /** Entries matching `keep`, oldest first (scans from the newest end and stops early). */
  tail(keep: (item: T) => boolean): T[] {
    const out: T[] = [];
    for (let i = this.length - 1; i >= 0; i--) {
      const item = this.items[(this.start + i) % this.capacity] as T;
      if (!keep(item)) break;
      out.push(item);
    }
    return out.reverse();
  }
}

/**
 * The default bus: one process, no configuration. History is a ring of `historySize` events per topic.
 *
 * @example const bus = createMemoryBus({ historySize: 500 });
 */
export function createMemoryBus<M extends TopicMapBase = TopicMap>(
  options: MemoryBusOptions<M> = {},
): EventBus<M> {
  const topics = (options.topics ?? DEFAULT_TOPICS) as readonly TopicOf<M>[];
  const topicSet = new Set<string>(topics);
  const historySize = checkHistorySize(options.historySize);
  const logger = options.logger ?? silentLogger;
  const now = options.now ?? Date.now;
  const startSeq = options.startSeq ?? Date.now();
  const rings = new Map<string, Ring<StoredEvent<M>>>(topics.map((t) => [t, new Ring(historySize)]));
  const listeners = new ListenerRegistry<M>((error) => logger.error("event-bus listener failed", { error }));
  let seq = startSeq;
  let closed = false;
  // Re-entrant publishes (a listener publishing) are queued so every listener sees ids in order.
  const queue: AnyBusEvent<M>[] = [];
  let dispatching = false;

  const drain = () => {
    if (dispatching) return;
    dispatching = true;
    try {
      for (let event = queue.shift(); event !== undefined; event = queue.shift()) listeners.dispatch(event);
    } finally {
      dispatching = false;
    }
  };

  return {
    kind: "memory",
    topics,
    historySize,
    get listenerCount() {
      return listeners.size;
    },
    async publish<T extends TopicOf<M>>(topic: T, data: M[T], publishOptions: PublishOptions = {}) {
      if (closed) throw busClosed();
      assertTopic(topicSet, topic);
      // Same JSON round trip as Redis, so subscribers never share (or see) the publisher's object.
      const copy = JSON.parse(serialisePayload(topic, data)) as M[T];
      const ring = rings.get(topic) as Ring<StoredEvent<M>>;
      seq += 1;
      const event = {
        id: formatEventId(seq),
        seq,
        topic,
        data: copy,
        publishedAt: now(),
        ...(publishOptions.dealerId === undefined ? {} : { dealerId: publishOptions.dealerId }),
      } as AnyBusEvent<M>;
      ring.push({ event, prevSeq: ring.last()?.event.seq ?? 0 });
      queue.push(event);
      drain();
      return event;
    },
    subscribe(selected: readonly TopicOf<M>[] | "*", listener: BusListener<M>) {
      if (selected !== "*") for (const topic of selected) assertTopic(topicSet, topic, "topics");
      return listeners.add(selected, listener);
    },
    async replay(selected: readonly TopicOf<M>[], afterId: string) {
      const afterSeq = parseLastEventId(afterId);
      for (const topic of selected) assertTopic(topicSet, topic, "topics");
      const perTopic = selected.map((topic) =>
        (rings.get(topic) as Ring<StoredEvent<M>>).tail((entry) => entry.event.seq > afterSeq),
      );
      return decideReplay(afterSeq, startSeq, seq, perTopic);
    },
    async close() {
      closed = true;
      listeners.clear();
    },
  };
}
