// Telemetry benchmarks (issue 12). `pnpm --filter @dai/telemetry bench` (60 s ingest) or
// `node bench/run.mjs --seconds 15` for a quick run. Phases, side by side in one run:
//  1. ceiling: DuckDB alone loading the same rows from NDJSON (the warehouse's exactly-once load, no HTTP);
//  2. HTTP ingest: autocannon, batches of 500 over keep-alive connections, into the ingest server
//     process (validate → NDJSON spool → fdatasync → 200; loader rotates every second into DuckDB);
//     everything acknowledged is then counted in DuckDB; p99 ack latency; freshness probes;
//  3. a success-metric evaluation (all metrics) over 10 million stored events.
import { fork } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { loadManifest } from "@dai/manifest-schema";
import autocannon from "autocannon";
import { evaluateSuccessMetrics, openDuckDbWarehouse } from "../dist/index.js";

const { values: args } = parseArgs({
  options: {
    seconds: { type: "string", default: "60" },
    connections: { type: "string", default: "8" },
    batch: { type: "string", default: "500" },
    "eval-rows": { type: "string", default: "10000000" },
    rotate: { type: "string", default: "1000" },
  },
});
const seconds = Number(args.seconds);
const batch = Number(args.batch);
const connections = Number(args.connections);
const evalRows = Number(args["eval-rows"]);
const KEY = "bench-ingest-key-0123456789";
const root = await mkdtemp(join(tmpdir(), "dai-telemetry-bench-"));
const fmt = (n) => Math.round(n).toLocaleString("en-US");

/** One request body: `batch` api.request events whose ids start with `__R__` (replaced per request). */
function template(time) {
  const events = [];
  for (let i = 0; i < batch; i++) {
    events.push(
      `{"id":"__R__-${i}","kind":"api.request","time":"${time}","schemaVersion":1,"route":"/api/ai-scores/dealer-${i % 200}","method":"GET","status":${i % 50 === 0 ? 500 : 200},"durationMs":${(i * 37) % 250}.5,"source":"api"}`,
    );
  }
  return `{"events":[${events.join(",")}]}`;
}

// ── 1. Ceiling: DuckDB alone, same rows, same exactly-once load path, no HTTP ───────────────────
async function ceiling() {
  const dir = join(root, "ceiling");
  const warehouse = await openDuckDbWarehouse({ path: `${dir}.duckdb` });
  await warehouse.init();
  const files = 8;
  const perFile = 150_000;
  const paths = [];
  await rm(dir, { recursive: true, force: true });
  await (await import("node:fs/promises")).mkdir(dir, { recursive: true });
  for (let f = 0; f < files; f++) {
    const receivedAt = new Date().toISOString();
    const body = template(new Date(Date.now() + f * 1000).toISOString());
    const events = JSON.parse(body).events.map(
      (e) => `${JSON.stringify(e).slice(0, -1)},"receivedAt":"${receivedAt}"}`,
    );
    const lines = [];
    for (let r = 0; r < perFile / batch; r++) {
      for (const e of events) lines.push(e.replace("__R__", `c${f}-${r}`));
    }
    const path = join(dir, `${String(f).padStart(15, "0")}-c.ndjson`);
    await writeFile(path, `${lines.join("\n")}\n`);
    paths.push(path);
  }
  const started = performance.now();
  let inserted = 0;
  for (const path of paths) inserted += (await warehouse.loadSpoolFiles([path])).inserted;
  const rate = inserted / ((performance.now() - started) / 1000);
  await warehouse.close();
  return { rows: inserted, rate };
}

// ── 2. HTTP ingest ──────────────────────────────────────────────────────────────────────────────
async function httpIngest() {
  const dataDir = join(root, "ingest");
  const server = fork(new URL("./server.mjs", import.meta.url), [dataDir, KEY, args.rotate], {
    stdio: "inherit",
    // BENCH_CPU_PROF=<dir>: a V8 CPU profile of the ingest server, written when it stops.
    execArgv: process.env.BENCH_CPU_PROF ? ["--cpu-prof", "--cpu-prof-dir", process.env.BENCH_CPU_PROF] : [],
  });
  const [{ port }] = await once(server, "message");
  const base = `http://127.0.0.1:${port}`;
  let requestNumber = 0;
  const ackedRequests = new Set();
  let body = template(new Date().toISOString());
  const timeTicker = setInterval(() => {
    body = template(new Date().toISOString());
  }, 1000);

  // Freshness probes: one event every 200 ms; time from its 200 to the first query that sees it. One
  // poller asks about every pending probe in a single query every 25 ms, so measuring freshness does not
  // itself load DuckDB with a query per probe per poll.
  const freshness = [];
  const pendingProbes = new Map(); // id → { time, acked }
  let probing = true;
  const poller = (async () => {
    while (probing || pendingProbes.size > 0) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      if (pendingProbes.size === 0) continue;
      const asked = [...pendingProbes.keys()];
      const times = [...pendingProbes.values()].map((p) => p.time).sort();
      const query = new URLSearchParams({ ids: asked.join(","), from: times[0], to: times.at(-1) });
      const seen = (await (await fetch(`${base}/probe?${query}`)).text()).split(",");
      const now = performance.now();
      for (const id of seen) {
        const probe = pendingProbes.get(id);
        if (!probe) continue;
        freshness.push(now - probe.acked);
        pendingProbes.delete(id);
      }
    }
  })();
  const probes = (async () => {
    let n = 0;
    const sent = [];
    while (probing) {
      const id = `probe-${n++}`;
      const event = {
        id,
        kind: "api.request",
        time: new Date().toISOString(),
        schemaVersion: 1,
        route: "/probe",
        status: 200,
        durationMs: 1,
      };
      sent.push(
        fetch(`${base}/api/telemetry`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${KEY}` },
          body: JSON.stringify({ events: [event] }),
        }).then((response) => {
          if (response.status === 200) pendingProbes.set(id, { time: event.time, acked: performance.now() });
        }),
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await Promise.all(sent);
  })();

  const result = await autocannon({
    url: `${base}/api/telemetry`,
    method: "POST",
    connections,
    duration: seconds,
    headers: { "content-type": "application/json", authorization: `Bearer ${KEY}` },
    // One request in flight per connection, so a response acknowledges the body last set on it.
    setupClient(client) {
      let current = requestNumber++;
      client.setBody(body.replaceAll("__R__", `r${current}`));
      client.on("response", (statusCode) => {
        if (statusCode === 200) ackedRequests.add(current);
        current = requestNumber++;
        client.setBody(body.replaceAll("__R__", `r${current}`));
      });
    },
  });
  probing = false;
  await probes;
  await poller;
  clearInterval(timeTicker);
  server.send({ type: "flush" });
  const [flushed] = await once(server, "message");
  server.send({ type: "stop" });
  await once(server, "exit");
  const acked = ackedRequests.size * batch;
  const stored = new Map(flushed.perRequest.map(({ r, n }) => [r, Number(n)]));
  const missing = [...ackedRequests].filter((r) => stored.get(`r${r}`) !== batch).length;
  const overfull = [...stored.values()].filter((n) => n > batch).length;
  return {
    acked,
    missing,
    overfull,
    stored: Number(flushed.count) - freshness.length,
    distinct: Number(flushed.distinct) - freshness.length,
    rate: acked / seconds,
    non2xx: result.non2xx,
    errors: result.errors,
    p50: result.latency.p50,
    p99: result.latency.p99,
    freshnessP99: quantile(freshness, 0.99),
    freshnessP50: quantile(freshness, 0.5),
    probes: freshness.length,
    loadLagP99: flushed.loadLagP99,
    maxLoadMs: flushed.stats.maxLoadMs,
    loadedFiles: flushed.stats.loadedFiles,
  };
}

function quantile(values, q) {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

// ── 3. Success-metric evaluation over 10M stored events ─────────────────────────────────────────
async function evaluation() {
  const warehouse = await openDuckDbWarehouse({ path: join(root, "eval.duckdb") });
  await warehouse.init();
  const now = new Date();
  const startedFill = performance.now();
  const kinds = [
    "api.request",
    "api.request",
    "api.request",
    "api.request",
    "sse.delivery",
    "motion.frame-rate",
    "health.check",
    "job.run",
    "copilot.feedback",
    "soundscape.opt",
    "forecast.deviation",
    "web.vitals",
  ];
  // Spread over the last 24 h, oldest first like real ingest order; values cycle so every metric has data.
  await warehouse.query(`
    INSERT INTO telemetry_events (id, kind, time, schema_version, received_at, duration_ms, latency_ms, fps, target_fps, ok, outcome, feedback, opt, user_id, deviation_pct, loaded_at)
    SELECT i::VARCHAR, ['${kinds.join("','")}'][1 + (i % ${kinds.length})], t, 1, t, (i * 7919 % 20000) / 100.0, (i * 104729 % 40000) / 100.0,
      55 + (i * 31 % 600) / 100.0, 60, i % 9973 <> 0, ['success', 'success', 'failure'][1 + (i % 3)], ['up', 'up', 'up', 'up', 'down'][1 + (i % 5)],
      ['in', 'out', 'out'][1 + (i % 3)], (i % 5000)::VARCHAR, (i * 13 % 1000) / 100.0 - 5, t + INTERVAL 2 SECOND
    FROM (SELECT i, TIMESTAMP '${now.toISOString().replace("T", " ").replace("Z", "")}' - to_microseconds(CAST((${evalRows} - i) * (86400000000 / ${evalRows}) AS BIGINT)) AS t
          FROM range(${evalRows}) r(i))`);
  const fillSeconds = (performance.now() - startedFill) / 1000;
  const manifest = await loadManifest();
  await evaluateSuccessMetrics({ warehouse, manifest, now }); // warm-up (first scan loads blocks)
  const runs = [];
  let result;
  for (let r = 0; r < 3; r++) {
    const started = performance.now();
    result = await evaluateSuccessMetrics({ warehouse, manifest, now });
    runs.push(performance.now() - started);
  }
  await warehouse.close();
  return {
    rows: evalRows,
    fillSeconds,
    ms: Math.min(...runs),
    median: runs.sort((a, b) => a - b)[1],
    metrics: result.metrics.length,
    sample: result.metrics.slice(0, 3).map((m) => `${m.id}=${m.value?.toFixed(2)} (${m.status})`),
  };
}

try {
  const load = () =>
    loadavg()
      .map((l) => l.toFixed(1))
      .join(" ");
  console.log(
    `telemetry bench: ${seconds} s ingest, batches of ${batch}, ${connections} connections, node ${process.version}, load average ${load()}\n`,
  );
  const top = await ceiling();
  console.log(
    `ceiling  DuckDB alone, exactly-once NDJSON load: ${fmt(top.rate)} rows/s (${fmt(top.rows)} rows)`,
  );
  const ingest = await httpIngest();
  console.log(
    `ingest   HTTP → validate → spool + fdatasync → 200 → DuckDB: ${fmt(ingest.rate)} events/s sustained over ${seconds} s`,
  );
  console.log(
    `         acknowledged ${fmt(ingest.acked)}, in DuckDB ${fmt(ingest.stored)} (${fmt(ingest.distinct)} distinct; the difference is requests still in flight when the load stopped), non-2xx ${ingest.non2xx}, errors ${ingest.errors}`,
  );
  console.log(
    `         acknowledged batches missing from DuckDB: ${ingest.missing}; batches stored more than once: ${ingest.overfull}`,
  );
  console.log(`         ack latency p50 ${ingest.p50} ms, p99 ${ingest.p99} ms`);
  console.log(`         ratio ingest / ceiling: ${(ingest.rate / top.rate).toFixed(2)}`);
  console.log(
    `freshness ack → visible to a query: p50 ${ingest.freshnessP50.toFixed(0)} ms, p99 ${ingest.freshnessP99.toFixed(0)} ms (${ingest.probes} probes; target < 2000 ms); received→loaded p99 ${Math.round(ingest.loadLagP99)} ms; longest load ${ingest.maxLoadMs} ms over ${ingest.loadedFiles} spool files`,
  );
  const slo = await evaluation();
  console.log(
    `slo      evaluation of ${slo.metrics} metrics over ${fmt(slo.rows)} stored events: ${slo.ms.toFixed(0)} ms best, ${slo.median.toFixed(0)} ms median of 3 (target < 1000 ms; fill ${slo.fillSeconds.toFixed(1)} s)`,
  );
  console.log(`         ${slo.sample.join(", ")}`);
  const ok = ingest.missing === 0 && ingest.overfull === 0 && ingest.stored === ingest.distinct;
  console.log(
    `\nchecks: everything acknowledged is in DuckDB exactly once: ${ok ? "yes" : "NO"}; ≥150k events/s: ${ingest.rate >= 150_000 ? "yes" : "no"}; freshness p99 < 2 s: ${ingest.freshnessP99 < 2000 ? "yes" : "no"}; evaluation < 1 s: ${slo.ms < 1000 ? "yes" : "no"}`,
  );
  console.log(`load average at the end: ${load()} (2 cores; other work on the machine slows every figure)`);
  if (!ok) process.exitCode = 1;
} finally {
  await rm(root, { recursive: true, force: true });
}
