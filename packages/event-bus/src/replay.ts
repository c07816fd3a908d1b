import type { ReplayResult } from "./bus.js";
import { formatEventId } from "./ids.js";
import type { AnyBusEvent, TopicMapBase } from "./topics.js";

/** A retained event with the seq of the previous event of its topic (0: the topic's first). */
export interface StoredEvent<M extends TopicMapBase> {
  readonly event: AnyBusEvent<M>;
  readonly prevSeq: number;
}

/**
 * The one resume rule of both adapters. `startSeq` is the counter value before this incarnation of
 * the bus issued its first id, `headSeq` the newest issued, `perTopic` each topic's retained events
 * after `afterSeq` in ascending order. A gap exists when the first retained event of a topic after
 * the client's id has a predecessor the client never saw — that predecessor was trimmed.
 */
export function decideReplay<M extends TopicMapBase>(
  afterSeq: number,
  startSeq: number,
  headSeq: number,
  perTopic: readonly (readonly StoredEvent<M>[])[],
): ReplayResult<M> {
  const headId = headSeq > startSeq ? formatEventId(headSeq) : undefined;
  const reset: ReplayResult<M> = { reset: true, events: [], headId };
  if (afterSeq < startSeq || afterSeq > headSeq) return reset;
  const events: AnyBusEvent<M>[] = [];
  for (const entries of perTopic) {
    const first = entries[0];
    if (first === undefined) continue;
    if (first.prevSeq > afterSeq) return reset;
    for (const entry of entries) events.push(entry.event);
  }
  events.sort((a, b) => a.seq - b.seq);
  return { reset: false, events, headId };
}
