import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { loadManifest } from "@dai/manifest-schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeBigQuery, startFakeBigQuery } from "../__tests__/fake-bigquery.js";
import { apiEvent, tempDir } from "../__tests__/fixtures.js";
import { evaluateSuccessMetrics } from "../slo/evaluate.js";
import { openBigQueryWarehouse } from "./bigquery.js";
import { EVENT_COLUMNS } from "./columns.js";
import type { Warehouse } from "./types.js";

let fake: FakeBigQuery;
let warehouse: Warehouse;
let dir: Awaited<ReturnType<typeof tempDir>>;
// Fake credentials: a ready-made auth client, so google-auth-library never looks for real ones or the network.
const authClient = { getRequestHeaders: async () => new Headers({ authorization: "Bearer fake-token" }) };

async function spoolFile(name: string, count: number): Promise<string> {
  const path = join(dir.path, name);
  const lines = Array.from({ length: count }, (_, i) =>
    JSON.stringify({ ...apiEvent({ id: `${name}-${i}` }), receivedAt: new Date().toISOString() }),
  );
  await writeFile(path, `${lines.join("\n")}\n`);
  return path;
}

beforeAll(async () => {
  dir = await tempDir();
  fake = await startFakeBigQuery("dai-test", "telemetry");
  warehouse = openBigQueryWarehouse({
    projectId: "dai-test",
    datasetId: "telemetry",
    apiEndpoint: fake.url,
    retryDelayMs: 1,
    clientOptions: { authClient: authClient as never },
  });
});

afterAll(async () => {
  await warehouse.close();
  await fake.close();
  await dir.remove();
});

describe("BigQuery warehouse against the documented REST format", () => {
  it("creates the table from the shared column list, partitioned by day", async () => {
    await warehouse.init();
    await warehouse.init(); // exists now: no second tables.insert
    expect(fake.tableInserts).toHaveLength(1);
    const created = fake.tableInserts[0] as {
      schema: { fields: { name: string; mode: string }[] };
      timePartitioning: unknown;
      clustering: unknown;
    };
    expect(created.schema.fields.map((f) => f.name)).toEqual([
      ...EVENT_COLUMNS.map((c) => c.name),
      "loaded_at",
    ]);
    expect(created.schema.fields.find((f) => f.name === "id")?.mode).toBe("REQUIRED");
    expect(created.timePartitioning).toEqual({ type: "DAY", field: "time" });
    expect(created.clustering).toEqual({ fields: ["kind"] });
    expect(fake.violations).toEqual([]);
  });

  it("inserts a spool file in insertAll batches of 500 with the event id as insertId", async () => {
    const result = await warehouse.loadSpoolFiles([await spoolFile("batches", 1200)]);
    expect(result.inserted).toBe(1200);
    expect(fake.insertRequests.map((r) => r.rows.length)).toEqual([500, 500, 200]);
    const first = fake.insertRequests[0];
    expect(first?.body).toMatchObject({
      kind: "bigquery#tableDataInsertAllRequest",
      skipInvalidRows: false,
      ignoreUnknownValues: false,
    });
    expect(first?.rows[0]?.insertId).toBe("batches-0");
    expect(Object.keys(first?.rows[0]?.json ?? {})).toEqual(
      expect.arrayContaining(["id", "kind", "time", "received_at", "loaded_at", "duration_ms"]),
    );
    expect(fake.rows.size).toBe(1200);
    expect(fake.authorizations.every((a) => a === "Bearer fake-token")).toBe(true);
    expect(fake.violations).toEqual([]);
  });

  it("retries just the rows of a partial failure, with their insertIds", async () => {
    const before = fake.insertRequests.length;
    fake.failures.set(before, { indexes: [1, 3], reason: "backendError" });
    await warehouse.loadSpoolFiles([await spoolFile("partial", 10)]);
    const retry = fake.insertRequests[before + 1];
    expect(retry?.rows.map((r) => r.insertId)).toEqual(["partial-1", "partial-3"]);
    expect(fake.insertRequests).toHaveLength(before + 2);
    expect([...fake.rows.keys()].filter((id) => id.startsWith("partial-"))).toHaveLength(10);
    expect(fake.violations).toEqual([]);
  });

  it("fails the load (keeping the spool file) when a row is refused for good", async () => {
    fake.failures.set(fake.insertRequests.length, { indexes: [0], reason: "invalid" });
    await expect(warehouse.loadSpoolFiles([await spoolFile("invalid", 3)])).rejects.toThrow(
      /refused row invalid-0: invalid/,
    );
  });

  it("answers the success-metric queries through jobs.query with the BigQuery dialect", async () => {
    const values: Record<string, string> = {
      value: "950.5",
      n: "100",
      n_fast: "5",
      bad_fast: "0",
      n_slow: "30",
      bad_slow: "19",
    };
    // Answers with the columns the query names (`AS value`…), typed as BigQuery would.
    fake.answer = (query) => {
      const names = [...query.matchAll(/ AS (\w+)/g)].map((m) => m[1] as string);
      return {
        fields: names.map((name) => ({ name, type: name.endsWith("value") ? "FLOAT" : "INTEGER" })),
        values: names.map((name) => values[name.replace(/^m\d+_/, "")] ?? null),
      };
    };
    const manifest = await loadManifest();
    const before = fake.queries.length;
    const evaluation = await evaluateSuccessMetrics({ warehouse, manifest, metrics: ["edge-p95-latency"] });
    expect(fake.queries.length - before).toBe(2);
    const [main, burn] = fake.queries.slice(-2).map((q) => String(q.query));
    expect(main).toContain("APPROX_QUANTILES(duration_ms, 1000)[OFFSET(950)] AS value");
    expect(main).toContain("kind = 'api.request'");
    expect(main).toContain("FROM `dai-test.telemetry.telemetry_events`");
    expect(burn).toMatch(/COUNTIF\(time >= TIMESTAMP '[^']+' AND duration_ms >= 120\) AS bad_fast/);
    expect(evaluation.warehouse).toBe("bigquery");
    expect(evaluation.metrics[0]).toMatchObject({ value: 950.5, events: 100, status: "missed" });
    expect(evaluation.metrics[0]?.burn.slow.burnRate).toBeCloseTo(19 / 30 / 0.05, 9);
    expect(fake.violations).toEqual([]);
  });
});
