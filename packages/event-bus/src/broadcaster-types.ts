import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import type { Logger } from "@dai/core";
import type { ClientAccess, EventFilter } from "./access.js";
import type { EventBus } from "./bus.js";
import type { AnyBusEvent, TopicMap, TopicMapBase, TopicOf } from "./topics.js";

export interface BroadcasterOptions<M extends TopicMapBase = TopicMap> {
  bus: EventBus<M>;
  /** Comment line sent to every client on one shared timer (ms); default 15000. */
  heartbeatMs?: number;
  /** `retry:` sent on connect (ms); default 2000. */
  retryMs?: number;
  /** Bytes allowed to wait in one client's socket buffer before it is dropped; default 1 MiB. */
  maxBufferedBytes?: number;
  /** How long a dropped or drained client may take to receive its last bytes (ms); default 5000. */
  closeGraceMs?: number;
  /** Decides per client which topics/events it may receive; throw a DaiError 401/403 to refuse. */
  authorize?: (
    request: AuthorizeRequest<M>,
  ) => ClientAccess<M> | undefined | Promise<ClientAccess<M> | undefined>;
  /** Called once per broadcast event after it was written to every recipient (latency sampling). */
  onFanout?: (sample: FanoutSample) => void;
  /** Called when a client is dropped (slow consumer). */
  onDrop?: (info: { reason: string; bufferedBytes: number; topics: readonly string[] }) => void;
  /** Events whose encoding is kept for resuming clients; default 2048. */
  frameCacheSize?: number;
  logger?: Logger;
}

export interface AuthorizeRequest<M extends TopicMapBase = TopicMap> {
  readonly req: IncomingMessage;
  readonly topics: readonly TopicOf<M>[];
  readonly context: unknown;
}

export interface FanoutSample {
  readonly id: string;
  readonly topic: string;
  readonly publishedAt: number;
  /** Epoch ms when the last recipient's write was issued. */
  readonly writtenAt: number;
  readonly recipients: number;
}

export interface OpenOptions<M extends TopicMapBase = TopicMap> {
  /** Selected topics; when omitted, topics and Last-Event-ID are parsed from `req`. */
  topics?: readonly TopicOf<M>[];
  lastEventId?: string | undefined;
  /** Access of this client, decided by the caller; when omitted the `authorize` hook decides. */
  access?: ClientAccess<M>;
  /** Passed to `authorize` (e.g. the verified token's claims). */
  context?: unknown;
  /** Extra response headers (e.g. CORS) written with the SSE headers. */
  headers?: Record<string, string>;
}

export interface BroadcasterStats {
  clients: number;
  connected: number;
  delivered: number;
  dropped: number;
  heartbeatActive: boolean;
  /** Server side of the delivery latency: publish → written to the last recipient, per event with recipients. */
  publishToWrittenMs: {
    count: number;
    p50: number | undefined;
    p99: number | undefined;
    max: number | undefined;
  };
}

/** Internal per-connection state of the broadcaster. */
export interface Client<M extends TopicMapBase> {
  readonly res: ServerResponse;
  readonly socket: Socket | null;
  readonly chunked: boolean;
  readonly topics: readonly string[];
  readonly filter: EventFilter<M> | undefined;
  /** Live events that arrive while the resume is being fetched; `null` once live. */
  pending: AnyBusEvent<M>[] | null;
  lastSeq: number;
  timer: NodeJS.Timeout | undefined;
  onClose: () => void;
}

export interface SseBroadcaster<M extends TopicMapBase = TopicMap> {
  /**
   * Takes over `res` as an SSE stream: authorises, writes headers, replays from Last-Event-ID (or
   * sends `reset`), then streams live events. Rejects before anything is written on bad input
   * (DaiError 400), refusal (401/403) or shutdown (503), so the caller can answer with problem+json.
   */
  open(req: IncomingMessage, res: ServerResponse, options?: OpenOptions<M>): Promise<void>;
  /** `open` for plain `node:http`: errors become `application/problem+json` responses. */
  handle(req: IncomingMessage, res: ServerResponse, options?: OpenOptions<M>): Promise<void>;
  /** Graceful drain: tells every client why, ends the streams, waits up to `graceMs`, then destroys. */
  close(options?: { graceMs?: number; reason?: string }): Promise<void>;
  stats(): BroadcasterStats;
}
