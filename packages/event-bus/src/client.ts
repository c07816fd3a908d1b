// Browser-safe entry (`@dai/event-bus/client`): no Node or Redis imports, for the web hook.
import type { PulseEnvelope } from "./frames.js";
import type { AnyBusEvent, TopicMap, TopicMapBase, TopicOf } from "./topics.js";

export type { PulseEnvelope } from "./frames.js";
export { LatencyRecorder } from "./latency.js";
export type * from "./topics.js";
export { DEFAULT_TOPICS } from "./topics.js";

/** Control events of the stream besides the topics themselves. */
export const CONTROL_EVENTS = ["reset", "dropped", "shutdown"] as const;

/**
 * Turns one received SSE message (`MessageEvent` of a topic listener) back into a bus event and
 * measures its delivery latency against the local clock.
 *
 * @example
 * source.addEventListener("metric.update", (m) => {
 *   const { event, latencyMs } = parsePulseMessage(m);
 *   recorder.record(latencyMs);
 * });
 */
export function parsePulseMessage<M extends TopicMapBase = TopicMap>(
  message: { data: string; lastEventId: string },
  now: number = Date.now(),
): { event: AnyBusEvent<M>; latencyMs: number } {
  const envelope = JSON.parse(message.data) as PulseEnvelope<unknown>;
  const seq = Number(message.lastEventId.split("-")[0]);
  const event = {
    id: message.lastEventId,
    seq,
    topic: envelope.topic as TopicOf<M>,
    data: envelope.data,
    publishedAt: envelope.publishedAt,
    ...(envelope.dealerId === undefined ? {} : { dealerId: envelope.dealerId }),
  } as AnyBusEvent<M>;
  return { event, latencyMs: now - envelope.publishedAt };
}
