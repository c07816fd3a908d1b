// One SSE server process of the benchmark. Modes:
//   bare  — node:http writing one string per event to a Set of responses (the baseline)
//   bus   — @dai/event-bus: in-memory bus + createSseBroadcaster
//   redis — @dai/event-bus: Redis Streams bus + createSseBroadcaster (several processes share a prefix)
// Controlled over IPC by run.mjs; publishes `metric.update` events at the requested rate.
import { createServer } from "node:http";
import {
  createMemoryBus,
  createRedisStreamsBus,
  createSseBroadcaster,
  encodeSse,
  SSE_HEADERS,
} from "../dist/index.js";

const mode = process.argv[2] ?? "bus";
const prefix = process.argv[3] ?? "bench:event-bus";
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

const payload = (n) => ({
  metricId: "eventBus.unifiedUpdateLatency",
  value: 40 + (n % 17),
  target: 250,
  comparator: "lte",
  unit: "ms",
  status: "pass",
  evaluatedAt: new Date().toISOString(),
});

/** Server-side time to write one event to every client (ms), per event. */
const fanout = [];
/** CPU usage at the start of the broadcast; the `memory` reply reports CPU ms spent since. */
let cpuStart;
let handler;
let publish;
let close = async () => {};
if (mode === "bare") {
  const clients = new Set();
  let seq = 0;
  handler = (_req, res) => {
    res.writeHead(200, SSE_HEADERS);
    res.write(encodeSse({ retry: 2000 }));
    clients.add(res);
    res.on("close", () => clients.delete(res));
  };
  publish = (n) => {
    const t0 = performance.now();
    seq += 1;
    const envelope = { topic: "metric.update", publishedAt: Date.now(), data: payload(n) };
    const frame = `id: ${seq}-0\nevent: metric.update\ndata: ${JSON.stringify(envelope)}\n\n`;
    for (const res of clients) res.write(frame);
    fanout.push(performance.now() - t0);
  };
} else {
  const bus =
    mode === "redis"
      ? await createRedisStreamsBus({ url: redisUrl, prefix, historySize: 1000, blockMs: 1000 })
      : createMemoryBus({ historySize: 1000 });
  const broadcaster = createSseBroadcaster({ bus });
  handler = (req, res) => void broadcaster.handle(req, res);
  publish = (n) => {
    const t0 = performance.now();
    // The memory bus fans out synchronously inside publish; the Redis bus later, from its reader.
    void bus.publish("metric.update", payload(n));
    if (mode !== "redis") fanout.push(performance.now() - t0);
  };
  close = async () => {
    await broadcaster.close({ graceMs: 1000 });
    await bus.close();
  };
}

const server = createServer(handler);
server.listen({ port: 0, host: "127.0.0.1", backlog: 4096 }, () => {
  process.send({ type: "ready", port: server.address().port, ...memory() });
});

function memory() {
  globalThis.gc?.();
  const { rss, heapUsed } = process.memoryUsage();
  return { rss, heapUsed };
}

process.on("message", async (message) => {
  if (message.cmd === "memory") {
    const cpu = cpuStart === undefined ? undefined : process.cpuUsage(cpuStart);
    const cpuMs = cpu === undefined ? null : (cpu.user + cpu.system) / 1000;
    const userMs = cpu === undefined ? null : cpu.user / 1000;
    process.send({ type: "memory", cpuMs, userMs, ...memory() });
  } else if (message.cmd === "mark") {
    cpuStart = process.cpuUsage();
    process.send({ type: "marked" });
  } else if (message.cmd === "publish") {
    let n = 0;
    const timer = setInterval(() => {
      publish(n++);
      if (n >= message.count) {
        clearInterval(timer);
        const sorted = [...fanout].sort((a, b) => a - b);
        const fanoutMs =
          sorted.length === 0 ? null : { p50: sorted[Math.floor(sorted.length / 2)], max: sorted.at(-1) };
        process.send({ type: "published", count: n, fanoutMs, ...memory() });
      }
    }, message.intervalMs);
  } else if (message.cmd === "stop") {
    await close();
    server.closeAllConnections();
    server.close();
    process.exit(0);
  }
});
