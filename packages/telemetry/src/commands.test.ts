import { spawn } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { type CommandContext, type CommandSpec, silentProgress } from "@dai/core";
import { loadManifest } from "@dai/manifest-schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiEvent, loadEvents, tempDir } from "./__tests__/fixtures.js";
import { sloCommand, telemetryExportCommand, telemetryQueryCommand } from "./commands.js";
import { createTelemetryReadApi } from "./http/read-api.js";
import { openDuckDbWarehouse } from "./warehouse/duckdb.js";
import type { Warehouse } from "./warehouse/types.js";

let dir: Awaited<ReturnType<typeof tempDir>>;
const run = (
  command: CommandSpec,
  args: string[],
  options: Record<string, string> = {},
  env: Record<string, string> = {},
) =>
  command.run({
    args,
    options: { dataDir: dir.path, ...options },
    json: false,
    progress: silentProgress,
    cwd: process.cwd(),
    env,
  } satisfies CommandContext);

beforeAll(async () => {
  dir = await tempDir();
  const warehouse = await openDuckDbWarehouse({ path: join(dir.path, "telemetry.duckdb") });
  await warehouse.init();
  const now = Date.now();
  const events = Array.from({ length: 40 }, (_, i) =>
    apiEvent({ time: new Date(now - i * 60_000 - 30_000).toISOString(), durationMs: 50 + i }),
  );
  await loadEvents(warehouse, dir.path, events);
  await warehouse.close();
});
afterAll(() => dir.remove());

describe("dai telemetry / dai slo", () => {
  it("dai slo prints every measurable metric with value, target and status", async () => {
    const result = await run(sloCommand, []);
    expect(result.text).toMatch(/API p95 latency\s+\d+(\.\d+)? ms\s+< 120 ms\s+met/);
    expect(result.text).toMatch(/Uptime\s+no data/);
    expect((result.data as { metrics: unknown[] }).metrics).toHaveLength(12);
  });

  it("dai telemetry query evaluates one metric over the given window", async () => {
    const result = await run(telemetryQueryCommand, ["edge-p95-latency"], { window: "10m" });
    expect(result.data).toMatchObject({ id: "edge-p95-latency", events: 10, status: "met" });
    expect(result.text).toContain("(target < 120 ms) — met");
    await expect(run(telemetryQueryCommand, ["bogus"])).rejects.toMatchObject({ status: 404 });
    await expect(run(telemetryQueryCommand, ["uptime"], { window: "a while" })).rejects.toThrow(
      /--?window|window:/,
    );
  });

  it("dai telemetry export writes NDJSON and Parquet with every event", async () => {
    const ndjson = join(dir.path, "out.ndjson");
    const result = await run(telemetryExportCommand, [], { format: "ndjson", out: ndjson });
    expect(result.data).toMatchObject({ rows: 40, format: "ndjson" });
    const { readFile } = await import("node:fs/promises");
    const lines = (await readFile(ndjson, "utf8")).trim().split("\n");
    expect(lines).toHaveLength(40);
    expect(JSON.parse(lines[0] ?? "{}")).toHaveProperty("kind", "api.request");
    const parquet = join(dir.path, "out.parquet");
    await run(telemetryExportCommand, [], { format: "parquet", out: parquet });
    const check = await openDuckDbWarehouse({ path: ":memory:" });
    const [row] = await check.query(`SELECT count(*) AS n FROM read_parquet('${parquet}')`);
    await check.close();
    expect(row?.n).toBe(40);
    await expect(run(telemetryExportCommand, [], { format: "csv" })).rejects.toThrow(
      /--format: expected ndjson or parquet/,
    );
  });

  describe("while another process (the API) holds the warehouse", () => {
    let holder: ReturnType<typeof spawn>;
    let api: Server;
    let apiWarehouse: Warehouse;
    let apiUrl: string;

    beforeAll(async () => {
      const path = join(dir.path, "telemetry.duckdb");
      holder = spawn(
        process.execPath,
        [
          "--input-type=module",
          "-e",
          `import { DuckDBInstance } from "@duckdb/node-api"; await DuckDBInstance.create(${JSON.stringify(path)}); console.log("ready"); setInterval(() => {}, 1000);`,
        ],
        { cwd: new URL("..", import.meta.url).pathname, stdio: ["ignore", "pipe", "inherit"] },
      );
      await new Promise((resolve) => holder.stdout?.once("data", resolve));
      // The API's read routes over its own (here: a separate, empty) warehouse.
      apiWarehouse = await openDuckDbWarehouse({ path: ":memory:" });
      await apiWarehouse.init();
      const readApi = createTelemetryReadApi({ warehouse: apiWarehouse, manifest: await loadManifest() });
      api = createServer(async (req, res) => {
        const response = await readApi(new Request(`http://127.0.0.1${req.url}`));
        res.writeHead(response.status, Object.fromEntries(response.headers));
        res.end(Buffer.from(await response.arrayBuffer()));
      });
      await new Promise<void>((resolve) => api.listen(0, "127.0.0.1", resolve));
      apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      holder.kill("SIGKILL");
      await new Promise((resolve) => api.close(resolve));
      await apiWarehouse.close();
    });

    it("asks the API at API_URL instead of failing on the lock", async () => {
      const result = await run(sloCommand, [], {}, { API_URL: apiUrl });
      const evaluation = result.data as { metrics: { id: string; status: string }[] };
      expect(evaluation.metrics.find((m) => m.id === "edge-p95-latency")?.status).toBe("no-data");
    });

    it("exports through the API's read route while the API holds the warehouse", async () => {
      const out = join(dir.path, "via-api.parquet");
      const result = await run(telemetryExportCommand, [], { format: "parquet", out }, { API_URL: apiUrl });
      expect(result.data).toMatchObject({ out, format: "parquet", rows: null });
      const { readFile } = await import("node:fs/promises");
      expect((await readFile(out)).subarray(0, 4).toString()).toBe("PAR1");
    });

    it("says who holds the warehouse and what to do when the API cannot be reached", async () => {
      const error = await run(sloCommand, [], {}, { API_URL: "http://127.0.0.1:9" }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "warehouse_locked", status: 409 });
      expect((error as Error).message).toMatch(
        /held by another process \(PID \d+.*pass --api-url <url> of the running API, or stop the API/,
      );
      expect((error as Error).message).not.toMatch(/Could not set lock/);
    });
  });
});
