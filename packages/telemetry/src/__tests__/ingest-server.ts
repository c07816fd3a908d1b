// A child process for the crash test: the ingest on node:http with DuckDB, as the API would run it.
// argv: <dataDir> <ingestKey>. Prints "listening <port>" when ready; SIGTERM closes it cleanly.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { toNodeListener } from "../http/node.js";
import { createIngest } from "../ingest/ingest.js";
import { openDuckDbWarehouse } from "../warehouse/duckdb.js";

const [dataDir, ingestKey] = process.argv.slice(2) as [string, string];
const warehouse = await openDuckDbWarehouse({ path: join(dataDir, "telemetry.duckdb") });
await warehouse.init();
const ingest = await createIngest({ dataDir, ingestKey, warehouse, rotateIntervalMs: 200 });
const server = createServer({ keepAlive: true }, toNodeListener(ingest.handler));
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`);
});
process.once("SIGTERM", () => {
  server.close();
  server.closeAllConnections();
  void ingest
    .close()
    .then(() => warehouse.close())
    .then(() => process.exit(0));
});
