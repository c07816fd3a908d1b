import { mkdir, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { apiEvent, INGEST_KEY, post, tempDir } from "../__tests__/fixtures.js";
import { openDuckDbWarehouse } from "../warehouse/duckdb.js";
import type { Warehouse } from "../warehouse/types.js";
import { createIngest, type Ingest } from "./ingest.js";

let dir: Awaited<ReturnType<typeof tempDir>>;
let warehouse: Warehouse;
let ingest: Ingest;

const stored = async () =>
  Number((await warehouse.query("SELECT count(*) AS n FROM telemetry_events"))[0]?.n ?? Number.NaN);
const spoolFiles = async () => readdir(join(dir.path, "telemetry-spool"));

beforeEach(async () => {
  dir = await tempDir();
  warehouse = await openDuckDbWarehouse({ path: join(dir.path, "telemetry.duckdb") });
  await warehouse.init();
  ingest = await createIngest({
    dataDir: dir.path,
    ingestKey: INGEST_KEY,
    warehouse,
    rotateIntervalMs: 60_000,
    maxBodyBytes: 64 * 1024,
    maxEvents: 100,
  });
});

afterEach(async () => {
  await ingest.close();
  await warehouse.close();
  await dir.remove();
});

describe("POST /api/telemetry", () => {
  it("acknowledges a valid batch only after spooling it, and the loader puts it in the warehouse", async () => {
    const response = await ingest.handler(post({ events: [apiEvent(), apiEvent(), apiEvent()] }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ accepted: 3, rejected: [] });
    expect((await spoolFiles()).some((name) => name.endsWith(".ndjson.open"))).toBe(true);
    expect(await stored()).toBe(0);
    await ingest.flush();
    expect(await stored()).toBe(3);
    expect(await spoolFiles()).toEqual([]);
  });

  it("sets aside a spool file the warehouse refuses, so the files after it still load", async () => {
    // A sealed file whose content DuckDB can never store (as a bug or a hand edit might leave).
    const spool = join(dir.path, "telemetry-spool");
    await writeFile(
      join(spool, "000000000000001-bad0.ndjson"),
      '{"id":"bad","kind":"api.request","time":"garbage","schemaVersion":1,"receivedAt":"2026-11-26T00:00:00Z"}\n',
    );
    expect((await ingest.handler(post({ events: [apiEvent(), apiEvent()] }))).status).toBe(200);
    await ingest.flush();
    expect(await stored()).toBe(2);
    expect(await spoolFiles()).toEqual(["rejected"]);
    expect(await readdir(join(spool, "rejected"))).toEqual(["000000000000001-bad0.ndjson"]);
    expect(ingest.stats()).toMatchObject({ rejectedFiles: 1, loadErrors: 0, backlogFiles: 0 });
    expect((await ingest.handler(post({ events: [apiEvent()] }))).status).toBe(200);
    await ingest.flush();
    expect(await stored()).toBe(3);
  });

  it("keeps the good events of a batch and reports each bad one by index and field", async () => {
    const events = [apiEvent(), apiEvent({ status: "ok" }), apiEvent(), { kind: "nope" }];
    const response = await ingest.handler(post({ events }));
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      accepted: number;
      rejected: { index: number; errors: { path: string }[] }[];
    };
    expect(body.accepted).toBe(2);
    expect(body.rejected.map((r) => r.index)).toEqual([1, 3]);
    expect(body.rejected[0]?.errors[0]?.path).toBe("events[1].status");
    expect(body.rejected[1]?.errors[0]?.path).toBe("events[3].kind");
    await ingest.flush();
    expect(await stored()).toBe(2);
  });

  it("stores a replayed batch once: event ids de-duplicate client retries", async () => {
    const batch = { events: [apiEvent(), apiEvent()] };
    await ingest.handler(post(batch));
    await ingest.flush();
    await ingest.handler(post(batch));
    await ingest.handler(post(batch));
    await ingest.flush();
    expect(await stored()).toBe(2);
    expect(ingest.stats().duplicateEvents).toBe(4);
  });

  it("takes the API's own events through an in-process client, batched and durable", async () => {
    const client = ingest.localClient({ batchSize: 2 });
    client.track({ kind: "api.request", route: "/api/ai-scores", status: 200, durationMs: 12 });
    client.track({ kind: "api.request", route: "/api/ai-scores", status: 503, durationMs: 80 });
    client.track({ kind: "api.request", route: "/healthz", status: 200, durationMs: 1 });
    await client.shutdown();
    expect(client.stats()).toMatchObject({ sent: 3, queued: 0 });
    await ingest.flush();
    const rows = await warehouse.query("SELECT source, count(*) AS n FROM telemetry_events GROUP BY source");
    expect(rows).toEqual([{ source: "api", n: 3 }]);
  });

  it("normalises event times with an offset to UTC", async () => {
    await ingest.handler(
      post({ events: [apiEvent({ id: "offset-event-1", time: "2026-11-25T12:00:00.000+02:00" })] }),
    );
    await ingest.flush();
    const rows = await warehouse.query("SELECT time FROM telemetry_events WHERE id = 'offset-event-1'");
    expect(rows[0]?.time).toBe("2026-11-25T10:00:00.000Z");
  });

  const refusals: [string, () => Request, number, string][] = [
    ["a missing key", () => post({ events: [apiEvent()] }, { key: null }), 401, "invalid_ingest_key"],
    ["a wrong key", () => post({ events: [apiEvent()] }, { key: "wrong" }), 401, "invalid_ingest_key"],
    ["malformed JSON", () => post('{"events": [ {"kind": '), 400, "invalid_json"],
    ["a body that is not a batch", () => post({ rows: [] }), 400, "invalid_batch"],
    [
      "wrong types in every event",
      () => post({ events: [apiEvent({ durationMs: "fast" })] }),
      422,
      "invalid_events",
    ],
    [
      "a future schema version",
      () => post({ events: [apiEvent(), apiEvent({ schemaVersion: 2 })] }),
      422,
      "unsupported_schema_version",
    ],
    [
      "too many events",
      () => post({ events: Array.from({ length: 101 }, () => apiEvent()) }),
      413,
      "batch_too_large",
    ],
    [
      "an oversize body",
      () => post({ events: [apiEvent({ route: "x".repeat(70_000) })] }),
      413,
      "payload_too_large",
    ],
    [
      "a non-JSON media type",
      () => post({ events: [apiEvent()] }, { type: "application/xml" }),
      415,
      "unsupported_media_type",
    ],
  ];
  for (const [name, request, status, code] of refusals) {
    it(`refuses ${name} with ${status} problem+json and stores nothing`, async () => {
      const response = await ingest.handler(request());
      expect(response.status).toBe(status);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
      expect(((await response.json()) as { code: string }).code).toBe(code);
      await ingest.flush();
      expect(await stored()).toBe(0);
    });
  }

  it("names the bad field of a wrong-typed event in the problem's errors", async () => {
    const response = await ingest.handler(post({ events: [apiEvent({ durationMs: "fast" })] }));
    const problem = (await response.json()) as { errors: { path: string }[] };
    expect(problem.errors.map((e) => e.path)).toEqual(["events[0].durationMs"]);
  });

  it("loads spool files a crashed process left behind, cutting an unacknowledged torn line", async () => {
    const crashed = await tempDir();
    const spool = join(crashed.path, "telemetry-spool");
    await mkdir(spool, { recursive: true });
    const line = (id: string) =>
      `${JSON.stringify({ ...apiEvent({ id }), receivedAt: new Date().toISOString() })}\n`;
    await writeFile(join(spool, "000000000000001-aaaa.ndjson"), line("sealed-1") + line("sealed-2"));
    await writeFile(join(spool, "000000000000002-bbbb.ndjson.open"), `${line("open-1")}{"id":"torn`);
    const restarted = await createIngest({ dataDir: crashed.path, ingestKey: INGEST_KEY, warehouse });
    const ids = await warehouse.query("SELECT id FROM telemetry_events ORDER BY id");
    expect(ids.map((row) => row.id)).toEqual(["open-1", "sealed-1", "sealed-2"]);
    expect(await readdir(spool)).toEqual([]);
    await restarted.close();
    await crashed.remove();
  });
});

describe("a warehouse outage", () => {
  it("keeps acknowledged events in the spool, answers 503 with Retry-After past the backlog limit, and loads them once it recovers", async () => {
    const outage = await tempDir();
    const real = await openDuckDbWarehouse({ path: join(outage.path, "w.duckdb") });
    await real.init();
    let down = true;
    const flaky: Warehouse = {
      ...real,
      dialect: real.dialect,
      init: () => real.init(),
      query: (sql) => real.query(sql),
      close: () => real.close(),
      loadSpoolFiles: (paths) =>
        down ? Promise.reject(new Error("warehouse down")) : real.loadSpoolFiles(paths),
    };
    const ingestDuringOutage = await createIngest({
      dataDir: outage.path,
      ingestKey: INGEST_KEY,
      warehouse: flaky,
      rotateIntervalMs: 60_000,
      maxBacklogFiles: 1,
    });
    for (let i = 0; i < 2; i++) {
      expect((await ingestDuringOutage.handler(post({ events: [apiEvent()] }))).status).toBe(200);
      await ingestDuringOutage.flush();
    }
    expect(ingestDuringOutage.stats()).toMatchObject({ backlogFiles: 2, loadedEvents: 0 });
    const refused = await ingestDuringOutage.handler(post({ events: [apiEvent()] }));
    expect(refused.status).toBe(503);
    expect(refused.headers.get("retry-after")).toBe("5");
    down = false;
    await ingestDuringOutage.flush();
    expect(ingestDuringOutage.stats()).toMatchObject({ backlogFiles: 0, loadedEvents: 2 });
    expect((await real.query("SELECT count(*) AS n FROM telemetry_events"))[0]?.n).toBe(2);
    await ingestDuringOutage.close();
    await real.close();
    await outage.remove();
  });
});
