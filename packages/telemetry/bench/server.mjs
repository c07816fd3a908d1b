// The ingest as the API runs it (node:http, DuckDB, 1 s rotation), in its own process so the load
// generator does not share its event loop. argv: <dataDir> <ingestKey>.
// IPC: {type:"flush"} → {type:"flushed", count}; GET /probe?ids=…&from=…&to=… answers which events are visible.
import { createServer } from "node:http";
import { join } from "node:path";
import { createIngest, openDuckDbWarehouse, toNodeListener } from "../dist/index.js";

const [dataDir, ingestKey, rotate = "1000"] = process.argv.slice(2);
const config = process.env.BENCH_DUCKDB_CONFIG ? JSON.parse(process.env.BENCH_DUCKDB_CONFIG) : undefined;
const warehouse = await openDuckDbWarehouse({ path: join(dataDir, "telemetry.duckdb"), config });
await warehouse.init();
const ingest = await createIngest({ dataDir, ingestKey, warehouse, rotateIntervalMs: Number(rotate) });
const ingestListener = toNodeListener(ingest.handler);

const server = createServer({ keepAlive: true, keepAliveTimeout: 60_000 }, async (req, res) => {
  if (req.url?.startsWith("/probe")) {
    // ?ids=a,b&from=<iso>&to=<iso> → the comma-separated ids already visible. The time range lets
    // DuckDB prune to the newest row groups instead of scanning the table per poll.
    const params = new URL(req.url, "http://x").searchParams;
    const ids = (params.get("ids") ?? "").split(",").map((id) => `'${id.replaceAll("'", "")}'`);
    const at = (name) => (params.get(name) ?? "").replaceAll("'", "").replace("T", " ").replace("Z", "");
    const rows = await warehouse.query(
      `SELECT id FROM telemetry_events WHERE time BETWEEN TIMESTAMP '${at("from")}' AND TIMESTAMP '${at("to")}' AND id IN (${ids.join(", ")})`,
    );
    res.end(rows.map((row) => row.id).join(","));
    return;
  }
  ingestListener(req, res);
});
server.listen(0, "127.0.0.1", () => process.send?.({ type: "listening", port: server.address().port }));

process.on("message", async (message) => {
  if (message.type === "flush") {
    await ingest.flush();
    const [row] = await warehouse.query(
      "SELECT count(*) AS n, count(DISTINCT id) AS ids, quantile_cont(epoch_ms(loaded_at) - epoch_ms(received_at), 0.99) AS p99 FROM telemetry_events WHERE kind = 'api.request'",
    );
    const perRequest = await warehouse.query(
      "SELECT split_part(id, '-', 1) AS r, count(*) AS n FROM telemetry_events WHERE id LIKE 'r%' GROUP BY 1",
    );
    process.send?.({
      type: "flushed",
      count: row.n,
      distinct: row.ids,
      loadLagP99: row.p99,
      perRequest,
      stats: ingest.stats(),
    });
  }
  if (message.type === "stop") {
    server.close();
    server.closeAllConnections();
    await ingest.close();
    await warehouse.close();
    process.exit(0);
  }
});
