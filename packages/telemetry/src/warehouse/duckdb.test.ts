import { spawn } from "node:child_process";
import { copyFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiEvent, tempDir } from "../__tests__/fixtures.js";
import { bigQuerySchema } from "./bigquery.js";
import { openDuckDbWarehouse } from "./duckdb.js";
import type { Warehouse } from "./types.js";

let dir: Awaited<ReturnType<typeof tempDir>>;
let warehouse: Warehouse;
const count = async () => Number((await warehouse.query("SELECT count(*) AS n FROM telemetry_events"))[0]?.n);
const lines = (ids: string[]) =>
  ids
    .map(
      (id) =>
        `${JSON.stringify({ ...apiEvent({ id, time: "2026-11-25T10:00:00.000Z" }), receivedAt: "2026-11-25T10:00:01.000Z" })}\n`,
    )
    .join("");

beforeAll(async () => {
  dir = await tempDir();
  warehouse = await openDuckDbWarehouse({ path: join(dir.path, "w.duckdb") });
  await warehouse.init();
});
afterAll(async () => {
  await warehouse.close();
  await dir.remove();
});

describe("DuckDB warehouse", () => {
  it("loads a spool file once: a second load of the same file (crash before deletion) inserts nothing", async () => {
    const file = join(dir.path, "000000000000001-a.ndjson");
    await writeFile(file, lines(["a1", "a2", "a3"]));
    expect(await warehouse.loadSpoolFiles([file])).toEqual({
      inserted: 3,
      duplicates: 0,
      alreadyLoaded: false,
    });
    expect(await warehouse.loadSpoolFiles([file])).toEqual({
      inserted: 0,
      duplicates: 0,
      alreadyLoaded: true,
    });
    expect(await count()).toBe(3);
  });

  it("skips event ids already stored, and duplicates inside one file, when another file replays them", async () => {
    const file = join(dir.path, "000000000000002-b.ndjson");
    await writeFile(file, lines(["a2", "a3", "b1", "b1"]));
    expect(await warehouse.loadSpoolFiles([file])).toEqual({
      inserted: 1,
      duplicates: 3,
      alreadyLoaded: false,
    });
    expect(await count()).toBe(4);
  });

  it("loads a group of files in one go, skipping the ones loaded before", async () => {
    const old = join(dir.path, "000000000000001-a.ndjson");
    const fresh = join(dir.path, "000000000000004-d.ndjson");
    await writeFile(fresh, lines(["d1", "d2"]));
    expect(await warehouse.loadSpoolFiles([old, fresh])).toEqual({
      inserted: 2,
      duplicates: 0,
      alreadyLoaded: false,
    });
    expect(await warehouse.loadSpoolFiles([old, fresh])).toEqual({
      inserted: 0,
      duplicates: 0,
      alreadyLoaded: true,
    });
    expect(await count()).toBe(6);
  });

  it("records acknowledgement and load times so freshness can be measured", async () => {
    const [row] = await warehouse.query(
      "SELECT received_at, loaded_at FROM telemetry_events WHERE id = 'a1'",
    );
    expect(row?.received_at).toBe("2026-11-25T10:00:01.000Z");
    expect(Date.parse(String(row?.loaded_at))).toBeGreaterThan(Date.parse("2026-11-25T10:00:01.000Z"));
  });

  it("has exactly the columns the BigQuery table is created with", async () => {
    const columns = await warehouse.query(
      "SELECT column_name FROM information_schema.columns WHERE table_name = 'telemetry_events' ORDER BY ordinal_position",
    );
    expect(columns.map((c) => c.column_name)).toEqual(bigQuerySchema().map((f) => f.name));
  });

  it("rolls a failed load back completely so the file can be retried", async () => {
    const file = join(dir.path, "000000000000003-c.ndjson");
    await writeFile(file, `${lines(["c1"])}{"id": "c2", "kind": "api.request", "time": "not a time"}\n`);
    await expect(warehouse.loadSpoolFiles([file])).rejects.toThrow();
    expect(await count()).toBe(6);
    await writeFile(file, lines(["c1", "c2"]));
    expect((await warehouse.loadSpoolFiles([file])).inserted).toBe(2);
  });

  it("says clearly that another process holds the file instead of DuckDB's raw lock error", async () => {
    const path = join(dir.path, "locked.duckdb");
    await copyFile(join(dir.path, "w.duckdb"), path).catch(() => {});
    const holder = spawn(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `import { DuckDBInstance } from "@duckdb/node-api"; await DuckDBInstance.create(${JSON.stringify(path)}); console.log("ready"); setInterval(() => {}, 1000);`,
      ],
      { cwd: new URL("../..", import.meta.url).pathname, stdio: ["ignore", "pipe", "inherit"] },
    );
    try {
      await new Promise<void>((resolve, reject) => {
        holder.stdout.once("data", () => resolve());
        holder.once("exit", (code) => reject(new Error(`lock holder exited with ${code}`)));
      });
      const error = await openDuckDbWarehouse({ path }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "warehouse_locked", status: 409 });
      expect((error as Error).message).toMatch(new RegExp(`held by another process \\(PID ${holder.pid}`));
    } finally {
      holder.kill("SIGKILL");
    }
  });
});
