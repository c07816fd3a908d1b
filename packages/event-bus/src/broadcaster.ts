import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { DaiError, PROBLEM_CONTENT_TYPE, silentLogger, toProblem } from "@dai/core";
import { compileAccess } from "./access.js";
import type { BroadcasterOptions, Client, OpenOptions, SseBroadcaster } from "./broadcaster-types.js";
import { assertTopic } from "./bus.js";
import { type Frame, FrameCache, frameOf, joinFrames } from "./frames.js";
import { eventIdSeq, parseLastEventId } from "./ids.js";
import { LatencyRecorder } from "./latency.js";
import { parsePulseRequest } from "./request.js";
import { encodeSse, SSE_HEADERS } from "./sse.js";
import type { AnyBusEvent, TopicMap, TopicMapBase } from "./topics.js";

export type {
  AuthorizeRequest,
  BroadcasterOptions,
  BroadcasterStats,
  FanoutSample,
  OpenOptions,
  SseBroadcaster,
} from "./broadcaster-types.js";

const HEARTBEAT = frameOf(": hb\n\n");

function checkOption(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min) {
    throw new DaiError("invalid_option", `${name}: expected an integer ≥ ${min}, got ${value}`, {
      field: name,
    });
  }
  return value;
}

/**
 * A lean SSE fan-out over Node `ServerResponse`s: each event is encoded once and the same bytes are
 * written to every recipient's socket; a client whose socket buffer passes `maxBufferedBytes` is
 * dropped with a final `dropped` event instead of slowing the others or growing memory.
 *
 * @example
 * const broadcaster = createSseBroadcaster({ bus });
 * http.createServer((req, res) => broadcaster.handle(req, res)).listen(8788, "127.0.0.1");
 */
export function createSseBroadcaster<M extends TopicMapBase = TopicMap>(
  options: BroadcasterOptions<M>,
): SseBroadcaster<M> {
  const { bus } = options;
  const heartbeatMs = checkOption("heartbeatMs", options.heartbeatMs ?? 15_000, 5);
  const retryMs = checkOption("retryMs", options.retryMs ?? 2000, 0);
  const maxBuffered = checkOption("maxBufferedBytes", options.maxBufferedBytes ?? 1024 * 1024, 1024);
  const graceMs = checkOption("closeGraceMs", options.closeGraceMs ?? 5000, 0);
  const logger = options.logger ?? silentLogger;
  const cache = new FrameCache<M>(options.frameCacheSize ?? 2048);
  const byTopic = new Map<string, Set<Client<M>>>(bus.topics.map((t) => [t, new Set()]));
  const clients = new Set<Client<M>>();
  const known = new Set<string>(bus.topics);
  let heartbeat: NodeJS.Timeout | undefined;
  let closing = false;
  let delivered = 0;
  let dropped = 0;
  const fanoutLatency = new LatencyRecorder(10_000);

  const write = (client: Client<M>, frame: Frame): void => {
    const socket = client.socket;
    if (socket === null) client.res.write(frame.plain);
    else if (!socket.destroyed) socket.write(client.chunked ? frame.chunked : frame.plain);
  };

  const buffered = (client: Client<M>): number =>
    client.socket === null ? client.res.writableLength : client.socket.writableLength;

  const detach = (client: Client<M>): void => {
    if (!clients.delete(client)) return;
    for (const topic of client.topics) byTopic.get(topic)?.delete(client);
    if (clients.size === 0 && heartbeat !== undefined) {
      clearInterval(heartbeat);
      heartbeat = undefined;
    }
  };

  // Ends the stream after a last message; the socket is destroyed if it cannot drain in time.
  const finish = (client: Client<M>, last: Frame): void => {
    detach(client);
    if (client.res.writableEnded) return;
    write(client, last);
    client.res.end();
    client.timer = setTimeout(() => client.res.destroy(), graceMs);
    client.timer.unref();
  };

  const drop = (client: Client<M>, reason: string): void => {
    const bytes = buffered(client);
    dropped += 1;
    const data = JSON.stringify({ reason, bufferedBytes: bytes, limitBytes: maxBuffered });
    finish(client, frameOf(encodeSse({ event: "dropped", data })));
    options.onDrop?.({ reason, bufferedBytes: bytes, topics: client.topics });
  };

  const beat = (): void => {
    for (const client of clients) {
      if (client.pending !== null) continue;
      if (buffered(client) > maxBuffered) drop(client, "slow_consumer");
      else write(client, HEARTBEAT);
    }
  };

  const onEvent = (event: AnyBusEvent<M>): void => {
    const recipients = byTopic.get(event.topic);
    if (recipients === undefined || recipients.size === 0) return;
    const frame = cache.get(event);
    let count = 0;
    for (const client of recipients) {
      if (client.pending !== null) {
        client.pending.push(event);
        continue;
      }
      if (event.seq <= client.lastSeq) continue;
      if (client.filter !== undefined && !client.filter(event)) continue;
      if (buffered(client) > maxBuffered) {
        drop(client, "slow_consumer");
        continue;
      }
      write(client, frame);
      client.lastSeq = event.seq;
      count += 1;
    }
    delivered += count;
    const writtenAt = Date.now();
    if (count > 0) fanoutLatency.record(writtenAt - event.publishedAt);
    options.onFanout?.({
      id: event.id,
      topic: event.topic,
      publishedAt: event.publishedAt,
      writtenAt,
      recipients: count,
    });
  };
  const unsubscribe = bus.subscribe("*", onEvent);

  const open = async (req: IncomingMessage, res: ServerResponse, openOptions: OpenOptions<M> = {}) => {
    if (closing)
      throw new DaiError("shutting_down", "pulse stream is shutting down; retry shortly", { status: 503 });
    let topics = openOptions.topics;
    let lastEventId = openOptions.lastEventId;
    if (topics === undefined) {
      const parsed = parsePulseRequest(req.url ?? "/", req.headers, bus.topics);
      topics = parsed.topics;
      lastEventId = lastEventId ?? parsed.lastEventId;
    } else {
      for (const topic of topics) assertTopic(known, topic, "topics");
      if (lastEventId !== undefined) parseLastEventId(lastEventId, "Last-Event-ID");
    }
    const access =
      openOptions.access ?? (await options.authorize?.({ req, topics, context: openOptions.context }));
    const filter = compileAccess(access, topics);
    if (res.destroyed || res.writableEnded) return;

    const client: Client<M> = {
      res,
      socket: null,
      chunked: false,
      topics,
      filter,
      pending: [],
      lastSeq: 0,
      timer: undefined,
      onClose: () => {
        detach(client);
        if (client.timer !== undefined) clearTimeout(client.timer);
      },
    };
    // Registered before the replay is read, so whatever is published meanwhile is buffered in
    // `pending` and merged without gap or duplicate.
    clients.add(client);
    for (const topic of topics) byTopic.get(topic)?.add(client);
    res.once("close", client.onClose);
    if (heartbeat === undefined) {
      heartbeat = setInterval(beat, heartbeatMs);
      heartbeat.unref();
    }

    const frames: Frame[] = [frameOf(encodeSse({ retry: retryMs }))];
    try {
      if (lastEventId !== undefined) {
        const replay = await bus.replay(topics, lastEventId);
        if (replay.reset) {
          const data = JSON.stringify({
            reason: "history_window",
            lastEventId,
            headId: replay.headId ?? null,
          });
          frames.push(frameOf(encodeSse({ id: replay.headId ?? "", event: "reset", data })));
          client.lastSeq = replay.headId === undefined ? 0 : (eventIdSeq(replay.headId) ?? 0);
        } else {
          client.lastSeq = eventIdSeq(lastEventId) ?? 0;
          for (const event of replay.events) {
            if (filter === undefined || filter(event)) frames.push(cache.get(event));
            client.lastSeq = Math.max(client.lastSeq, event.seq);
          }
        }
      }
    } catch (error) {
      res.off("close", client.onClose);
      detach(client);
      throw error;
    }
    if (res.destroyed) return client.onClose();

    res.writeHead(200, { ...SSE_HEADERS, ...openOptions.headers });
    res.flushHeaders();
    const socket = res.socket;
    const chunked = (res as ServerResponse & { chunkedEncoding?: unknown }).chunkedEncoding;
    // Raw socket writes skip ServerResponse's per-write framing. Only when Node told us the framing
    // and the head already went to the socket (a pipelined response could still have it queued).
    if (socket !== null && typeof chunked === "boolean" && res.writableLength === socket.writableLength) {
      (client as { socket: Socket | null }).socket = socket;
      (client as { chunked: boolean }).chunked = chunked;
      socket.setNoDelay(true);
      socket.setTimeout(0);
    }
    for (const event of client.pending ?? []) {
      if (event.seq <= client.lastSeq) continue;
      if (filter === undefined || filter(event)) frames.push(cache.get(event));
      client.lastSeq = event.seq;
    }
    client.pending = null;
    write(client, joinFrames(frames));
  };

  return {
    open,
    async handle(req, res, openOptions) {
      try {
        await open(req, res, openOptions);
      } catch (error) {
        if (!(error instanceof DaiError)) logger.error("pulse stream failed to open", { error });
        if (res.headersSent) {
          res.destroy();
          return;
        }
        const problem = toProblem(error, req.url);
        res.writeHead(problem.status, { "Content-Type": PROBLEM_CONTENT_TYPE, "Cache-Control": "no-store" });
        res.end(JSON.stringify(problem));
      }
    },
    async close(closeOptions = {}) {
      closing = true;
      unsubscribe();
      const wait = closeOptions.graceMs ?? graceMs;
      const data = JSON.stringify({ reason: closeOptions.reason ?? "server_shutdown" });
      const last = frameOf(encodeSse({ retry: retryMs, event: "shutdown", data }));
      const closed = [...clients].map((client) => {
        const done = new Promise<void>((resolve) => client.res.once("close", () => resolve()));
        if (client.pending === null) finish(client, last);
        else {
          detach(client);
          client.res.destroy();
        }
        if (client.timer !== undefined) {
          clearTimeout(client.timer);
          client.timer = setTimeout(() => client.res.destroy(), wait);
          client.timer.unref();
        }
        return done;
      });
      await Promise.all(closed);
      cache.clear();
    },
    stats() {
      let connected = 0;
      for (const topicClients of byTopic.values()) connected += topicClients.size;
      return {
        clients: clients.size,
        connected,
        delivered,
        dropped,
        heartbeatActive: heartbeat !== undefined,
        publishToWrittenMs: fanoutLatency.summary(),
      };
    },
  };
}
