import { encodeSse } from "./sse.js";
import type { AnyBusEvent, TopicMap, TopicMapBase } from "./topics.js";

/** The JSON carried in `data:` of every pulse event; the SSE `id` and `event` fields carry id and topic. */
export interface PulseEnvelope<D = unknown> {
  topic: string;
  /** Publisher clock, epoch ms: `Date.now() - publishedAt` is the delivery latency. */
  publishedAt: number;
  dealerId?: string;
  data: D;
}

/**
 * One encoded message in both transfer framings, built once and written to every client as is:
 * `plain` for raw sockets without chunked encoding, `chunked` already wrapped as one HTTP/1.1 chunk.
 */
export interface Frame {
  readonly plain: Buffer;
  readonly chunked: Buffer;
}

const CRLF = Buffer.from("\r\n");

export function frameOf(text: string): Frame {
  const plain = Buffer.from(text, "utf8");
  const chunked = Buffer.concat([Buffer.from(`${plain.length.toString(16)}\r\n`, "latin1"), plain, CRLF]);
  return { plain, chunked };
}

/** Concatenates frames into one write (a resume sends history, reset and pending events at once). */
export function joinFrames(frames: readonly Frame[]): Frame {
  const plain = Buffer.concat(frames.map((f) => f.plain));
  return { plain, chunked: Buffer.concat(frames.map((f) => f.chunked)) };
}

export function encodeEvent<M extends TopicMapBase>(event: AnyBusEvent<M>): Frame {
  const envelope: PulseEnvelope = {
    topic: event.topic,
    publishedAt: event.publishedAt,
    ...(event.dealerId === undefined ? {} : { dealerId: event.dealerId }),
    data: event.data,
  };
  return frameOf(encodeSse({ id: event.id, event: event.topic, data: JSON.stringify(envelope) }));
}

/** Recently encoded events by seq, so a burst of resuming clients reuses one encoding per event. */
export class FrameCache<M extends TopicMapBase = TopicMap> {
  private readonly frames = new Map<number, Frame>();
  constructor(private readonly capacity: number) {}

  get(event: AnyBusEvent<M>): Frame {
    let frame = this.frames.get(event.seq);
    if (frame === undefined) {
      frame = encodeEvent(event);
      this.frames.set(event.seq, frame);
      if (this.frames.size > this.capacity) {
        const oldest = this.frames.keys().next().value as number;
        this.frames.delete(oldest);
      }
    }
    return frame;
  }

  clear(): void {
    this.frames.clear();
  }
}
