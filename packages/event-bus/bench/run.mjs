// Pulse-stream benchmark: publish→receive latency of every delivery, server CPU and memory per
// connection for @dai/event-bus's broadcaster vs a bare node:http broadcaster writing the same
// strings to a Set of responses — side by side in the same run, the clients in a separate
// load-generator process. Runs alternate bare/bus/bus/bare/… per size (so drift in the load of a
// shared machine hits both alike) and pool the deliveries of all runs. Then two server processes
// on Redis Streams with 5,000 clients each.
//   pnpm --filter @dai/event-bus bench
//   BENCH_SIZES=2000 BENCH_EVENTS=30 BENCH_REDIS=0 node bench/run.mjs   (quick look)
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { cpus, loadavg } from "node:os";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
const SIZES = (process.env.BENCH_SIZES ?? "2000,5000,10000")
  .split(",")
  .map(Number)
  .filter((n) => n > 0);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 30); // per run, at 10 events/s
const REPEATS = Number(process.env.BENCH_REPEATS ?? 2); // runs per server and size, interleaved
const INTERVAL_MS = 100;
const REDIS = process.env.BENCH_REDIS !== "0";
const REDIS_CLIENTS_PER_SERVER = Number(process.env.BENCH_REDIS_CLIENTS ?? 5000);
const REDIS_SERVERS = Number(process.env.BENCH_REDIS_SERVERS ?? 2);

/** Starts a node script with a raised fd limit (one socket per client) and an IPC channel. */
function child(script, args = []) {
  const command = `ulimit -n 65536 2>/dev/null || ulimit -n $(ulimit -Hn); exec node --expose-gc ${script} ${args.join(" ")}`;
  const proc = spawn("sh", ["-c", command], { cwd: here, stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const waiting = [];
  proc.on("message", (message) => {
    const index = waiting.findIndex((w) => w.type === message.type);
    if (index !== -1) waiting.splice(index, 1)[0].resolve(message);
  });
  const next = (type) => new Promise((resolve) => waiting.push({ type, resolve }));
  return {
    proc,
    next,
    ask(cmd, type, extra = {}) {
      const reply = next(type);
      proc.send({ cmd, ...extra });
      return reply;
    },
    exited: new Promise((resolve) => proc.on("exit", resolve)),
  };
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** One server configuration: start server(s), connect, broadcast EVENTS at 10/s, measure, tear down. */
async function run(loadgen, mode, clientsPerServer, servers = 1, prefix = "") {
  const procs = [];
  for (let i = 0; i < servers; i++) {
    const server = child("server.mjs", [mode, prefix]);
    server.ready = await server.next("ready");
    procs.push(server);
  }
  const connected = await loadgen.ask("connect", "connected", {
    n: clientsPerServer * servers,
    ports: procs.map((p) => p.ready.port),
  });
  await sleep(300);
  const memConnected = await Promise.all(procs.map((p) => p.ask("memory", "memory")));
  await loadgen.ask("reset", "reset");
  await Promise.all(procs.map((p) => p.ask("mark", "marked")));
  // The first server publishes; with Redis the others receive through the streams.
  const published = await procs[0].ask("publish", "published", { count: EVENTS, intervalMs: INTERVAL_MS });
  await sleep(1000);
  const after = await Promise.all(procs.map((p) => p.ask("memory", "memory")));
  const report = await loadgen.ask("report", "report", { expectedPerClient: EVENTS });
  await loadgen.ask("close", "closed");
  for (const p of procs) {
    p.proc.send({ cmd: "stop" });
    await p.exited;
  }
  const rssGrowth = memConnected.reduce((sum, m, i) => sum + (m.rss - procs[i].ready.rss), 0);
  return {
    mode,
    clients: connected.clients,
    failed: connected.failed,
    report,
    expected: EVENTS * connected.clients,
    rssMb: Math.max(...after.map((m) => m.rss), ...memConnected.map((m) => m.rss)) / 1024 / 1024,
    kbPerConn: rssGrowth / Math.max(1, connected.clients) / 1024,
    cpuMs: after.reduce((sum, m) => sum + (m.cpuMs ?? 0), 0),
    userMs: after.reduce((sum, m) => sum + (m.userMs ?? 0), 0),
    fanout: published.fanoutMs,
  };
}

/** Pools several runs of one configuration: merged latency histogram, mean memory and CPU. */
function pool(runs) {
  const hist = new Map();
  for (const r of runs) for (const [ms, n] of r.report.buckets) hist.set(ms, (hist.get(ms) ?? 0) + n);
  const sorted = [...hist.entries()].sort((a, b) => a[0] - b[0]);
  const total = sorted.reduce((sum, [, n]) => sum + n, 0);
  const q = (p) => {
    const rank = Math.max(1, Math.ceil(p * total));
    let seen = 0;
    for (const [ms, n] of sorted) {
      seen += n;
      if (seen >= rank) return ms;
    }
    return null;
  };
  const mean = (f) => runs.reduce((sum, r) => sum + f(r), 0) / runs.length;
  return {
    mode: runs[0].mode,
    clients: runs[0].clients,
    runs: runs.length,
    deliveries: total,
    expected: runs.reduce((sum, r) => sum + r.expected, 0),
    complete: runs.reduce((sum, r) => sum + r.report.complete, 0),
    distinctSequences: Math.max(...runs.map((r) => r.report.distinctSequences)),
    p50: q(0.5),
    p99: q(0.99),
    max: sorted.at(-1)?.[0] ?? null,
    perRunP99: runs.map((r) => r.report.p99),
    kbPerConn: mean((r) => r.kbPerConn),
    rssMb: Math.max(...runs.map((r) => r.rssMb)),
    cpuMsPerEvent: mean((r) => r.cpuMs) / EVENTS,
    userMsPerEvent: mean((r) => r.userMs) / EVENTS,
  };
}

const HEADER = [
  "| server | clients | p50 ms | p99 ms (per run) | max ms | deliveries | server CPU ms/event (user) | KB/conn (RSS) | peak RSS MB |",
  "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
];
const row = (r) =>
  `| ${r.mode} | ${r.clients.toLocaleString("en")} | ${r.p50} | ${r.p99} (${r.perRunP99.join(", ")}) | ${r.max} | ${r.deliveries.toLocaleString("en")}/${r.expected.toLocaleString("en")} | ${r.cpuMsPerEvent.toFixed(1)} (${r.userMsPerEvent.toFixed(1)}) | ${r.kbPerConn.toFixed(1)} | ${r.rssMb.toFixed(0)} |`;

const loadgen = child("loadgen.mjs");
await loadgen.next("ready");
const started = Date.now();
console.log(
  `Broadcast at 10 events/s, ${EVENTS} events per run, ${REPEATS} interleaved runs per server and size (deliveries pooled), node ${process.version}, ${cpus().length} cores, load average ${loadavg()[0].toFixed(1)} at start; clients in a separate load-generator process\n`,
);
console.log(HEADER.join("\n"));
const results = [];
for (const size of SIZES) {
  const bare = [];
  const bus = [];
  // ABBA order: a drift in the machine's load (it is shared) falls on both servers alike.
  for (let i = 0; i < REPEATS; i++) {
    const order = i % 2 === 0 ? ["bare", "bus"] : ["bus", "bare"];
    for (const mode of order) (mode === "bare" ? bare : bus).push(await run(loadgen, mode, size));
  }
  const pooled = { size, bare: pool(bare), bus: pool(bus) };
  console.log(row(pooled.bare));
  console.log(row(pooled.bus));
  results.push(pooled);
}
console.log("");
for (const { size, bare, bus } of results) {
  const goal = size >= 10_000 ? 250 : size >= 5000 ? 100 : undefined;
  const verdict = [
    goal === undefined ? "" : `goal p99 < ${goal} ms: ${bus.p99 < goal ? "met" : "MISSED"}`,
    `no worse than bare: ${bus.p99 <= bare.p99 ? "yes" : "NO"}`,
  ]
    .filter(Boolean)
    .join("; ");
  console.log(
    `${size.toLocaleString("en")} clients — event-bus/bare: p99 ${(bus.p99 / Math.max(1, bare.p99)).toFixed(2)}, p50 ${(bus.p50 / Math.max(1, bare.p50)).toFixed(2)}, CPU ${(bus.cpuMsPerEvent / bare.cpuMsPerEvent).toFixed(2)}, memory/conn ${(bus.kbPerConn / bare.kbPerConn).toFixed(2)} — ${verdict}`,
  );
}

if (REDIS) {
  const prefix = `bench:event-bus:${randomUUID().slice(0, 8)}`;
  console.log(
    `\n${REDIS_SERVERS} server process(es) on Redis Streams, ${REDIS_CLIENTS_PER_SERVER.toLocaleString("en")} clients each (the first publishes)\n`,
  );
  const r = pool([await run(loadgen, "redis", REDIS_CLIENTS_PER_SERVER, REDIS_SERVERS, prefix)]);
  console.log(HEADER.join("\n"));
  console.log(row({ ...r, mode: `event-bus on Redis ×${REDIS_SERVERS}` }));
  const same = r.distinctSequences === 1 && r.complete === r.clients;
  console.log(
    `\nsame ids in the same order on every client: ${same ? "yes" : "NO"} (${r.complete.toLocaleString("en")}/${r.clients.toLocaleString("en")} clients got all ${EVENTS} events; ${r.distinctSequences} distinct id sequence(s)); goal p99 < 250 ms: ${r.p99 < 250 ? "met" : "MISSED"}`,
  );
  const { Redis } = await import("ioredis");
  const redis = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
}
loadgen.proc.send({ cmd: "exit" });
await loadgen.exited;
console.log(
  `\ntotal ${((Date.now() - started) / 1000).toFixed(0)} s; load average ${loadavg()[0].toFixed(1)} at the end`,
);
