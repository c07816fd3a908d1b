// Where the ingest's acknowledgement time goes, side by side with a bare endpoint, in one run:
//   node bench/ingest-latency.mjs [--seconds 10] [--connections 8] [--rotate 0]
// Servers (each in its own process, loaded in turn by autocannon with batches of 500):
//  - bare:   node:http, JSON.parse, re-serialise each event, group-committed write + fdatasync, 200;
//  - ingest: this package's ingest handler (validation, raw spooling, group commit), DuckDB warehouse,
//            loader every `--rotate` ms (0 = loader off, to see the HTTP side alone).
// Prints events/s, the generator's and the server's latency, and how long the spool write waited.
import { fork } from "node:child_process";
import { once } from "node:events";
import { fdatasync, openSync, write } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";

const KEY = "bench-ingest-key-0123456789";
const quantile = (values, q) =>
  [...values].sort((a, b) => a - b)[Math.floor(q * (values.length - 1))] ?? Number.NaN;

if (process.argv[2] === "--serve") await serve(process.argv[3], process.argv[4], Number(process.argv[5]));
else await main();

async function main() {
  const { values } = parseArgs({
    options: {
      seconds: { type: "string", default: "10" },
      connections: { type: "string", default: "8" },
      rotate: { type: "string", default: "0" },
    },
  });
  const { default: autocannon } = await import("autocannon");
  const seconds = Number(values.seconds);
  const events = [];
  for (let i = 0; i < 500; i++) {
    events.push(
      `{"id":"__R__-${i}","kind":"api.request","time":"${new Date().toISOString()}","schemaVersion":1,"route":"/api/ai-scores/dealer-${i % 200}","method":"GET","status":200,"durationMs":${(i * 37) % 250}.5,"source":"api"}`,
    );
  }
  const body = `{"events":[${events.join(",")}]}`;
  console.log(
    `ingest latency: ${seconds} s each, ${values.connections} connections, batches of 500, loader ${values.rotate === "0" ? "off" : `every ${values.rotate} ms`}`,
  );
  for (const kind of ["bare", "ingest"]) {
    const dir = await mkdtemp(join(tmpdir(), "dai-ingest-latency-"));
    const server = fork(new URL(import.meta.url), ["--serve", kind, dir, values.rotate]);
    const [{ port }] = await once(server, "message");
    let n = 0;
    const result = await autocannon({
      url: `http://127.0.0.1:${port}/api/telemetry`,
      method: "POST",
      connections: Number(values.connections),
      duration: seconds,
      headers: { "content-type": "application/json", authorization: `Bearer ${KEY}` },
      setupClient(client) {
        client.setBody(body.replaceAll("__R__", `r${n++}`));
        client.on("response", () => client.setBody(body.replaceAll("__R__", `r${n++}`)));
      },
    });
    server.send("report");
    const [s] = await once(server, "message");
    await once(server, "exit");
    await rm(dir, { recursive: true, force: true });
    console.log(
      `${kind.padEnd(6)} ${Math.round((result["2xx"] * 500) / seconds).toLocaleString("en-US")} events/s; generator p50 ${result.latency.p50} / p99 ${result.latency.p99} ms; server p50 ${s.p50.toFixed(1)} / p99 ${s.p99.toFixed(1)} ms; spool write p50 ${s.spool50.toFixed(1)} ms; server CPU ${s.cpu.toFixed(1)} s`,
    );
  }
}

async function serve(kind, dir, rotate) {
  const times = [];
  const spoolTimes = [];
  let listener;
  let close = async () => {};
  if (kind === "bare") {
    const fd = openSync(join(dir, "spool.ndjson"), "a");
    let pending = [];
    let syncing = false;
    const flush = () => {
      if (syncing || pending.length === 0) return;
      syncing = true;
      const group = pending;
      pending = [];
      write(fd, Buffer.concat(group.map((g) => g.bytes)), () =>
        fdatasync(fd, () => {
          for (const g of group) g.done();
          syncing = false;
          flush();
        }),
      );
    };
    listener = (req, res) => {
      const chunks = [];
      req.on("data", (chunk) => chunks.push(chunk));
      req.on("end", () => {
        const parsed = JSON.parse(Buffer.concat(chunks).toString("utf8"));
        const bytes = Buffer.from(`${parsed.events.map((e) => JSON.stringify(e)).join("\n")}\n`);
        const started = performance.now();
        pending.push({
          bytes,
          done: () => {
            spoolTimes.push(performance.now() - started);
            res.end('{"accepted":500}');
          },
        });
        flush();
      });
    };
  } else {
    const { createIngest, openDuckDbWarehouse, Spool, toNodeListener } = await import("../dist/index.js");
    const append = Spool.prototype.append;
    Spool.prototype.append = function (lines) {
      const started = performance.now();
      return append.call(this, lines).then(() => spoolTimes.push(performance.now() - started));
    };
    const warehouse = await openDuckDbWarehouse({ path: join(dir, "telemetry.duckdb") });
    await warehouse.init();
    const ingest = await createIngest({
      dataDir: dir,
      ingestKey: KEY,
      warehouse,
      rotateIntervalMs: rotate > 0 ? rotate : 1e9,
    });
    listener = toNodeListener(ingest.handler);
    close = async () => {
      await ingest.close();
      await warehouse.close();
    };
  }
  const server = createServer({ keepAlive: true }, (req, res) => {
    const started = performance.now();
    res.on("finish", () => times.push(performance.now() - started));
    listener(req, res);
  });
  server.listen(0, "127.0.0.1", () => process.send({ port: server.address().port }));
  process.on("message", async () => {
    const usage = process.cpuUsage();
    process.send({
      p50: quantile(times, 0.5),
      p99: quantile(times, 0.99),
      spool50: quantile(spoolTimes, 0.5),
      cpu: (usage.user + usage.system) / 1e6,
    });
    server.closeAllConnections();
    server.close();
    await close();
    process.exit(0);
  });
}
