// The ingest as the API runs it (node:http, DuckDB, 1 s rotation), in its own process so the load
// generator does not share its event loop. argv: <dataDir> <ingestKey>.
// IPC: {type:"flush"} → {type:"flushed", count}; GET /probe?id=… answers whether an event is visible.
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
    const params = new URL(req.url, "http://x").searchParams;
    const id = (params.get("id") ?? "").replaceAll("'", "");
    const time = (params.get("time") ?? "").replaceAll("'", "").replace("T", " ").replace("Z", "");
    // The event time lets DuckDB prune to one row group instead of scanning the table per poll.
    const rows = await warehouse.query(
      `SELECT count(*) AS n FROM telemetry_events WHERE time = TIMESTAMP '${time}' AND id = '${id}'`,
    );
    res.end(String(rows[0]?.n ?? 0));
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
