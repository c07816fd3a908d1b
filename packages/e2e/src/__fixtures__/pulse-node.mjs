// One pulse-stream node for the failover test: a Redis Streams bus and the SSE broadcaster on a port.
import { createServer } from "node:http";
import { createRedisStreamsBus, createSseBroadcaster } from "@dai/event-bus";

const [port, prefix] = process.argv.slice(2);
const bus = await createRedisStreamsBus({
  url: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
  prefix,
  blockMs: 200,
});
const broadcaster = createSseBroadcaster({ bus, retryMs: 50, heartbeatMs: 60_000 });
createServer((req, res) => void broadcaster.handle(req, res)).listen(Number(port), "127.0.0.1", () => {
  process.stdout.write("ready\n");
});
