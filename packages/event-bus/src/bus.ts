import { DaiError } from "@dai/core";
import type { AnyBusEvent, TopicMap, TopicMapBase, TopicOf } from "./topics.js";

export interface PublishOptions {
  /** Dealer the event concerns; clients limited to other dealers never receive it. */
  dealerId?: string;
}

/** What a reconnecting client missed since `afterId`, or that it must start over. */
export interface ReplayResult<M extends TopicMapBase = TopicMap> {
  /**
   * True when the client cannot be resumed without a gap: its id is older than the retained history
   * of one of its topics, or from an earlier incarnation of the bus. `events` is then empty.
   */
  readonly reset: boolean;
  /** Missed events in id order (all topics merged). */
  readonly events: readonly AnyBusEvent<M>[];
  /** Newest id the bus had issued when the replay was taken (`undefined` before the first event). */
  readonly headId: string | undefined;
}

export type BusListener<M extends TopicMapBase = TopicMap> = (event: AnyBusEvent<M>) => void;

/**
 * Typed publish/subscribe with replay. Implemented in memory (one process) and on Redis Streams
 * (several processes see the same events with the same ids in the same order).
 *
 * @example
 * const bus = createMemoryBus();
 * const off = bus.subscribe(["metric.update"], (e) => console.log(e.id, e.data.value));
 * await bus.publish("metric.update", { metricId: "x", value: 1, status: "pass", evaluatedAt: new Date().toISOString() });
 * off();
 */
export interface EventBus<M extends TopicMapBase = TopicMap> {
  readonly kind: "memory" | "redis-streams";
  /** Topics this bus carries; anything else is refused. */
  readonly topics: readonly TopicOf<M>[];
  /** Replay history kept per topic (events). */
  readonly historySize: number;
  /** Registered subscribers; leak checks count them. */
  readonly listenerCount: number;
  /** Publishes and resolves with the event as subscribers will see it (id assigned). */
  publish<T extends TopicOf<M>>(topic: T, data: M[T], options?: PublishOptions): Promise<AnyBusEvent<M>>;
  /** Calls `listener` for every later event of `topics` (`"*"`: all), in id order. Returns an unsubscribe. */
  subscribe(topics: readonly TopicOf<M>[] | "*", listener: BusListener<M>): () => void;
  /** Events of `topics` after `afterId` from the retained history (see `ReplayResult.reset`). */
  replay(topics: readonly TopicOf<M>[], afterId: string): Promise<ReplayResult<M>>;
  /** Stops delivery and releases connections; pending publishes settle first. */
  close(): Promise<void>;
}

export interface BusOptions<M extends TopicMapBase = TopicMap> {
  /** Topics carried; defaults to `DEFAULT_TOPICS`. */
  topics?: readonly NoInfer<TopicOf<M>>[];
  /** Events retained per topic for replay; default 1000. */
  historySize?: number;
}

export const DEFAULT_HISTORY_SIZE = 1000;

/** Checks a topic name against the bus's list. */
export function assertTopic(topics: ReadonlySet<string>, topic: string, field = "topic"): void {
  if (!topics.has(topic)) {
    throw new DaiError(
      "unknown_topic",
      `${field}: unknown topic ${JSON.stringify(topic)}; expected one of ${[...topics].join(", ")}`,
      { status: 400, field },
    );
  }
}

/** Publishing on a closed bus (shutdown in progress): a 503 the caller may retry elsewhere. */
export function busClosed(): DaiError {
  return new DaiError("bus_closed", "event bus is closed", { status: 503 });
}

export function checkHistorySize(value: number | undefined): number {
  const size = value ?? DEFAULT_HISTORY_SIZE;
  if (!Number.isInteger(size) || size < 1) {
    throw new DaiError("invalid_option", `historySize: expected an integer ≥ 1, got ${size}`, {
      field: "historySize",
    });
  }
  return size;
}

/** Serialises a payload once, turning JSON failures (cycles, BigInt) into a clear 400. */
export function serialisePayload(topic: string, data: unknown): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(data);
  } catch (error) {
    throw new DaiError("invalid_payload", `${topic}: payload is not JSON-serialisable (${String(error)})`, {
      field: "data",
      cause: error,
    });
  }
  if (json === undefined) {
    throw new DaiError("invalid_payload", `${topic}: payload must be a JSON value, got ${typeof data}`, {
      field: "data",
    });
  }
  return json;
}

/**
 * Listener bookkeeping shared by the adapters: per-topic sets plus wildcard listeners, and a
 * dispatcher that isolates a throwing listener from the others.
 */
export class ListenerRegistry<M extends TopicMapBase> {
  private readonly byTopic = new Map<string, Set<BusListener<M>>>();
  private readonly all = new Set<BusListener<M>>();
  constructor(private readonly onError: (error: unknown) => void) {}

  add(topics: readonly string[] | "*", listener: BusListener<M>): () => void {
    if (topics === "*") {
      this.all.add(listener);
      return () => this.all.delete(listener);
    }
    for (const topic of topics) {
      let set = this.byTopic.get(topic);
      if (set === undefined) {
        set = new Set();
        this.byTopic.set(topic, set);
      }
      set.add(listener);
    }
    return () => {
      for (const topic of topics) {
        const set = this.byTopic.get(topic);
        set?.delete(listener);
        if (set?.size === 0) this.byTopic.delete(topic);
      }
    };
  }

  /** Number of registered listeners; used by leak checks. */
  get size(): number {
    let n = this.all.size;
    for (const set of this.byTopic.values()) n += set.size;
    return n;
  }

  dispatch(event: AnyBusEvent<M>): void {
    for (const listener of this.all) this.call(listener, event);
    const set = this.byTopic.get(event.topic);
    if (set !== undefined) for (const listener of set) this.call(listener, event);
  }

  clear(): void {
    this.all.clear();
    this.byTopic.clear();
  }

  private call(listener: BusListener<M>, event: AnyBusEvent<M>): void {
    try {
      listener(event);
    } catch (error) {
      this.onError(error);
    }
  }
}
