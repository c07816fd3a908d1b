// pnpm --filter @dai/api bench   (BENCH_DURATION=10 for a shorter run; BENCH_CONNECTIONS=100)
// 1. autocannon against GET /api/ai-scores/:dealerId on the Node app as `serveApi` runs it (the fast
//    lane answers a key's plain reads with the app's access rule, key check, rate-limit budget, request
//    log and headers; the full Hono stack answers the rest) vs a bare node:http server returning the
//    same precomputed JSON; each server in its own process, measured in turn A B B A so a drift in the
//    machine weighs on both. Prints throughput, p95, server CPU per request, bytes per response, ratio.
// 2. Cache hit ratio of the tuned cache on a Zipf traffic replay with daily score changes.
import { fork } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cacheBoundsFromManifest, readScoreInputs, replayTraffic, ScoreStore } from "@dai/ai-scores";
import { createLogger, findProjectRoot } from "@dai/core";
import { seedDemoData } from "@dai/demo-data";
import { loadManifest } from "@dai/manifest-schema";
import autocannon from "autocannon";
import { createApp } from "../src/app.js";
import { createAuthDeps } from "../src/auth/deps.js";
import { fileDealerRepository } from "../src/data/dealers.js";
import { loadApiEnv } from "../src/env.js";
import { createAiScoresDeps } from "../src/features/ai-scores.js";
import { serveApi } from "../src/serve.js";

const DEALERS = 200;
const DAYS = 365;
const root = findProjectRoot(process.cwd()) as string;
const manifest = await loadManifest(join(root, "manifest", "dealershipai-hyper-optimization-manifest.json"));
const bounds = cacheBoundsFromManifest(manifest);

type Ready = { port: number; path: string; authorization: string; body: string; etag: string };

/** Child process: serves one of the two contenders and reports its port. */
type Role = "node" | "bare";

async function serveRole(role: Role, dataDir: string): Promise<void> {
  process.on("SIGTERM", () => process.exit(0));
  // The parent asks for this process's CPU time around each measured run.
  process.on("message", () => {
    const { user, system } = process.cpuUsage();
    process.send?.({ cpuMicros: user + system });
  });
  // A budget no load generator reaches: the benchmark measures serving, not the limiter's 429s.
  const apiEnv = loadApiEnv({
    DAI_DEMO_MODE: "true",
    AUTH_URL: "http://127.0.0.1:3000/api/auth",
    API_RATE_LIMIT: "1000000000",
    API_RATE_WINDOW_SECONDS: "3600",
  });
  const auth = await createAuthDeps(apiEnv, dataDir);
  const store = new ScoreStore();
  store.setInputs(await readScoreInputs(dataDir));
  const { deps } = createAiScoresDeps(store, bounds);
  const app = createApp({
    manifest,
    // The production logger, building every request line as on a server, writing it nowhere (a
    // terminal or pipe would measure the output device, not the API).
    logger: createLogger({ level: "info", write: () => {} }),
    version: "bench",
    startedAt: Date.now(),
    corsOrigins: apiEnv.CORS_ORIGINS,
    bodyLimitBytes: apiEnv.API_BODY_LIMIT_BYTES,
    dataSeeded: async () => true,
    dealers: fileDealerRepository(dataDir),
    auth,
    aiScores: deps,
    rateLimit: { limit: apiEnv.API_RATE_LIMIT, windowMs: apiEnv.API_RATE_WINDOW_SECONDS * 1000 },
  });
  const dealerId = store.list()[7]?.dealerId as string;
  const path = `/api/ai-scores/${dealerId}`;
  const { key } = await auth.apiKeys.create({
    name: "bench",
    role: "analyst",
    dealerIds: null,
    createdBy: "bench",
  });
  const authorization = `Bearer ${key}`;
  const sample = await app.request(path, { headers: { authorization } });
  const body = await sample.text();
  const etag = sample.headers.get("etag") as string;
  const listening = (server: { address(): AddressInfo | string | null }) => {
    const port = (server.address() as AddressInfo).port;
    process.send?.({ port, path, authorization, body, etag } satisfies Ready);
  };
  if (role !== "bare") {
    await app.fastLane.ready;
    const server = serveApi(app, { port: 0, hostname: "127.0.0.1" }, () => listening(server));
  } else {
    const server = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json; charset=utf-8", etag });
      res.end(body);
    });
    server.listen(0, "127.0.0.1", () => listening(server));
  }
}

function start(role: Role, dataDir: string) {
  // The rate limiter stays in the chain (its cost is measured) with a budget the load cannot exhaust.
  const child = fork(process.argv[1] as string, ["--serve", role, dataDir], {
    stdio: "inherit",
    // BENCH_CPU_PROF=<dir>: a V8 CPU profile of each server, written when it is stopped.
    execArgv: process.env.BENCH_CPU_PROF ? ["--cpu-prof", "--cpu-prof-dir", process.env.BENCH_CPU_PROF] : [],
  });
  return new Promise<{ child: ReturnType<typeof fork>; ready: Ready }>((resolve, reject) => {
    child.once("message", (ready) => resolve({ child, ready: ready as Ready }));
    child.once("exit", (code) => reject(new Error(`${role} server exited with ${code}`)));
  });
}

function cpuMicros(child: ReturnType<typeof fork>): Promise<number> {
  return new Promise((resolve) => {
    child.once("message", (message) => resolve((message as { cpuMicros: number }).cpuMicros));
    child.send("cpu");
  });
}

type Load = Awaited<ReturnType<typeof load>>;

async function load(ready: Ready, duration: number, connections: number) {
  const latencies: number[] = [];
  const instance = autocannon({
    url: `http://127.0.0.1:${ready.port}${ready.path}`,
    connections,
    duration,
    headers: { authorization: ready.authorization },
  });
  instance.on("response", (_client: unknown, status: number, _bytes: number, ms: number) => {
    if (status === 200) latencies.push(ms);
  });
  const result = await instance;
  return {
    seconds: duration,
    total: result.requests.total,
    bytes: result.throughput.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    latencies,
    serverCpuMicros: 0,
  };
}

/** One server's runs together: mean throughput, latency percentiles over every response, CPU per request. */
function summarise(runs: Load[]) {
  const latencies = runs.flatMap((run) => run.latencies).sort((a, b) => a - b);
  const at = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))] ?? Number.NaN;
  const total = runs.reduce((sum, run) => sum + run.total, 0);
  const seconds = runs.reduce((sum, run) => sum + run.seconds, 0);
  const cpu = runs.reduce((sum, run) => sum + run.serverCpuMicros, 0);
  return {
    rps: total / seconds,
    bytesPerResponse: runs.reduce((sum, run) => sum + run.bytes, 0) / total,
    non2xx: runs.reduce((sum, run) => sum + run.non2xx, 0),
    errors: runs.reduce((sum, run) => sum + run.errors, 0),
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    cpuMicrosPerRequest: cpu / total,
    cpuShare: cpu / (seconds * 1e6),
  };
}

async function main() {
  const duration = Number(process.env.BENCH_DURATION ?? "20");
  const connections = Number(process.env.BENCH_CONNECTIONS ?? "100");
  const dataDir = await mkdtemp(join(tmpdir(), "dai-api-bench-"));
  try {
    await seedDemoData({ dataDir, dealers: DEALERS, days: DAYS, endDate: "2026-06-30" });
    console.log(
      `## @dai/api — GET /api/ai-scores/:dealerId, ${connections} connections × ${duration} s, Node ${process.version}\n`,
    );
    const rows: string[] = [];
    // Both servers up at once, measured in turn A B B A (half the duration each time), so a drift in
    // the machine's speed during the run weighs on both alike.
    const servers = { bare: await start("bare", dataDir), node: await start("node", dataDir) };
    const runs: Record<Role, Load[]> = { bare: [], node: [] };
    try {
      for (const role of ["bare", "node"] as const) await load(servers[role].ready, 2, connections); // warm-up
      for (const role of ["bare", "node", "node", "bare"] as const) {
        const { child, ready } = servers[role];
        const before = await cpuMicros(child);
        const run = await load(ready, duration / 2, connections);
        run.serverCpuMicros = (await cpuMicros(child)) - before;
        runs[role].push(run);
      }
    } finally {
      servers.bare.child.kill();
      servers.node.child.kill();
    }
    const bare = summarise(runs.bare);
    const node = summarise(runs.node);
    rows.push(
      "| server | req/s | p50 ms | p95 ms | p99 ms | server CPU µs/req | server CPU busy | bytes/response | non-2xx | errors |",
    );
    rows.push("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (const [name, r] of [
      ["bare node:http (same JSON)", bare],
      ["Node app (Hono + fast lane, full stack)", node],
    ] as const) {
      rows.push(
        `| ${name} | ${Math.round(r.rps)} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.cpuMicrosPerRequest.toFixed(1)} | ${(r.cpuShare * 100).toFixed(0)} % | ${Math.round(r.bytesPerResponse)} | ${r.non2xx} | ${r.errors} |`,
      );
    }
    console.log(rows.join("\n"));
    const ratio = node.rps / bare.rps;
    console.log(
      `\nthroughput ratio Node app ÷ bare: ${ratio.toFixed(3)} (target ≥ 0.75) ${ratio >= 0.75 ? "PASS" : "MISS"}`,
    );
    // With one core for each server and one for the load generator, throughput can be capped by the
    // generator; server CPU per request is the comparison that does not depend on which side limits.
    console.log(
      `server CPU per request, bare ÷ Node app: ${(bare.cpuMicrosPerRequest / node.cpuMicrosPerRequest).toFixed(3)}`,
    );
    console.log(
      `p95 Node app: ${node.p95.toFixed(1)} ms (target < 10 ms) ${node.p95 < 10 ? "PASS" : "MISS"}`,
    );

    const replay = replayTraffic({ bounds, dealers: DEALERS, days: 7, seedHistory: true });
    console.log(
      `\ncache replay (${DEALERS} dealers, Zipf traffic, 7 days of daily score changes): ${replay.requests} requests, ` +
        `hit ratio ${(replay.hitRatio * 100).toFixed(2)} % (target > 95 %) ${replay.hitRatio > 0.95 ? "PASS" : "MISS"}, ` +
        `worst age over TTL+SWR ${replay.worstAgeOverBound.toFixed(1)} s (≤ 0 required), ` +
        `outdated served ${replay.outdated} (worst ${replay.worstOutdatedSeconds.toFixed(1)} s)`,
    );
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

const serveIndex = process.argv.indexOf("--serve");
if (serveIndex >= 0) {
  await serveRole(process.argv[serveIndex + 1] as Role, process.argv[serveIndex + 2] as string);
} else {
  await main();
}
