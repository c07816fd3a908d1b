// The reliability check at full size: SIGKILL the ingest server in the middle of a load of
// 1,000,000 events, restart it on the same data dir, let the "client" retry what was not acknowledged,
// and check every event is in DuckDB exactly once. `pnpm --filter @dai/telemetry bench:crash`
// (`--events 200000` for a quick run). The unit test (src/ingest/crash.test.ts) does the same with 100k.
import { fork } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { Agent, request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { openDuckDbWarehouse } from "../dist/index.js";

const { values: args } = parseArgs({ options: { events: { type: "string", default: "1000000" } } });
const total = Number(args.events);
const size = 500;
const batches = total / size;
const KEY = "crash-bench-key-0123456789";
const dataDir = await mkdtemp(join(tmpdir(), "dai-telemetry-crash-"));

async function start() {
  const child = fork(new URL("./server.mjs", import.meta.url), [dataDir, KEY, "1000"], { stdio: "inherit" });
  const [{ port }] = await once(child, "message");
  return { child, port };
}

function post(agent, port, body) {
  return new Promise((resolve) => {
    const req = request(
      {
        agent,
        host: "127.0.0.1",
        port,
        path: "/api/telemetry",
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${KEY}` },
      },
      (res) => {
        res.resume();
        res.once("end", () => resolve(res.statusCode));
      },
    );
    req.once("error", () => resolve(0));
    req.end(body);
  });
}

function body(batch) {
  const time = new Date(Date.UTC(2026, 10, 25, 12, 0, 0) + batch).toISOString();
  const events = [];
  for (let i = 0; i < size; i++)
    events.push(
      `{"id":"b${batch}-${i}","kind":"api.request","time":"${time}","schemaVersion":1,"route":"/r","status":200,"durationMs":${i % 300}}`,
    );
  return `{"events":[${events.join(",")}]}`;
}

try {
  const acked = new Set();
  let server = await start();
  const agent = new Agent({ keepAlive: true, maxSockets: 8 });
  let next = 0;
  let killedAt;
  const sender = async () => {
    while (next < batches) {
      const batch = next++;
      if ((await post(agent, server.port, body(batch))) === 200) acked.add(batch);
      if (killedAt === undefined && acked.size >= batches / 2) {
        killedAt = acked.size;
        server.child.kill("SIGKILL");
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: 8 }, sender));
  console.log(
    `SIGKILL after ${killedAt * size} acknowledged events (${((performance.now() - started) / 1000).toFixed(1)} s into the load)`,
  );
  if (server.child.exitCode === null && server.child.signalCode === null) await once(server.child, "exit");
  server = await start();
  let retried = 0;
  for (let batch = 0; batch < batches; batch++) {
    if (acked.has(batch)) continue;
    retried++;
    if ((await post(agent, server.port, body(batch))) === 200) acked.add(batch);
  }
  agent.destroy();
  server.child.send({ type: "stop" });
  await once(server.child, "exit");
  const warehouse = await openDuckDbWarehouse({ path: join(dataDir, "telemetry.duckdb") });
  const [row] = await warehouse.query(
    "SELECT count(*) AS n, count(DISTINCT id) AS ids FROM telemetry_events",
  );
  await warehouse.close();
  const ok = acked.size === batches && row.n === total && row.ids === total;
  console.log(
    `restarted; retried ${retried} unacknowledged batches; acknowledged ${acked.size * size} events; in DuckDB ${row.n} rows, ${row.ids} distinct ids`,
  );
  console.log(`every acknowledged event exactly once: ${ok ? "yes" : "NO"}`);
  if (!ok) process.exitCode = 1;
} finally {
  await rm(dataDir, { recursive: true, force: true });
}
