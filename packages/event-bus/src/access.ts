import { DaiError } from "@dai/core";
import type { AnyBusEvent, TopicMap, TopicMapBase, TopicOf } from "./topics.js";

export type EventFilter<M extends TopicMapBase = TopicMap> = (event: AnyBusEvent<M>) => boolean;

/**
 * What one client may receive. `topics`: the topics it may subscribe to (asking for another is a
 * 403); `dealerIds`: events carrying another `dealerId` are withheld (events without a dealer are
 * visible to all); `filter`: any further per-event rule.
 *
 * @example { dealerIds: ["dlr-001"], topics: ["metric.update", "score.change"] }
 */
export interface ClientAccess<M extends TopicMapBase = TopicMap> {
  topics?: readonly TopicOf<M>[];
  dealerIds?: Iterable<string>;
  filter?: EventFilter<M>;
}

/** Checks the requested topics against `access` and folds its rules into one filter (or none). */
export function compileAccess<M extends TopicMapBase>(
  access: ClientAccess<M> | undefined,
  requested: readonly string[],
): EventFilter<M> | undefined {
  if (access === undefined) return undefined;
  if (access.topics !== undefined) {
    const allowed = new Set<string>(access.topics);
    const refused = requested.filter((topic) => !allowed.has(topic));
    if (refused.length > 0) {
      throw new DaiError("forbidden_topic", `topics: not authorised for ${refused.join(", ")}`, {
        status: 403,
        field: "topics",
      });
    }
  }
  const dealers = access.dealerIds === undefined ? undefined : new Set(access.dealerIds);
  const extra = access.filter;
  if (dealers === undefined) return extra;
  if (extra === undefined) return (event) => event.dealerId === undefined || dealers.has(event.dealerId);
  return (event) => (event.dealerId === undefined || dealers.has(event.dealerId)) && extra(event);
}
