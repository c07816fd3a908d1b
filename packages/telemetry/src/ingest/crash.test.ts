import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { Agent, request } from "node:http";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { INGEST_KEY, tempDir } from "../__tests__/fixtures.js";
import { openDuckDbWarehouse } from "../warehouse/duckdb.js";

const packageDir = new URL("../..", import.meta.url).pathname;
const children = new Set<ChildProcessWithoutNullStreams>();

function startServer(dataDir: string): Promise<{ child: ChildProcessWithoutNullStreams; port: number }> {
  const child = spawn(
    process.execPath,
    ["--import", "./src/__tests__/register-ts.mjs", "src/__tests__/ingest-server.ts", dataDir, INGEST_KEY],
    { cwd: packageDir },
  );
  children.add(child);
  child.once("exit", () => children.delete(child));
  return new Promise((resolve, reject) => {
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening (\d+)/.exec(output);
      if (match) resolve({ child, port: Number(match[1]) });
    });
    child.stderr.on("data", (chunk: Buffer) => process.stderr.write(chunk));
    child.once("exit", (code) => reject(new Error(`ingest server exited with ${code}`)));
  });
}

function post(agent: Agent, port: number, body: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request(
      {
        agent,
        host: "127.0.0.1",
        port,
        path: "/api/telemetry",
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${INGEST_KEY}` },
      },
      (res) => {
        res.resume();
        res.once("end", () => resolve(res.statusCode ?? 0));
      },
    );
    // A killed server is just a failed attempt: the client retries the batch.
    req.once("error", () => resolve(0));
    req.end(body);
  });
}

const batchBody = (batch: number, size: number) => {
  const time = new Date(Date.UTC(2026, 10, 25, 12, 0, 0, batch)).toISOString();
  const events = Array.from({ length: size }, (_, i) => ({
    id: `b${batch}-${i}`,
    kind: "api.request",
    time,
    schemaVersion: 1,
    route: "/api/ai-scores",
    status: 200,
    durationMs: (batch * 7 + i) % 300,
  }));
  return JSON.stringify({ events });
};

const dirs: { remove(): Promise<void> }[] = [];
afterAll(async () => {
  for (const child of children) child.kill("SIGKILL");
  await Promise.all(dirs.map((dir) => dir.remove()));
});

describe("crash safety", () => {
  it("keeps every acknowledged event exactly once across a SIGKILL mid-load and a restart", async () => {
    const dir = await tempDir();
    dirs.push(dir);
    const total = 100_000;
    const size = 500;
    const batches = total / size;
    const acked = new Set<number>();
    let server = await startServer(dir.path);
    const agent = new Agent({ keepAlive: true, maxSockets: 4 });
    let next = 0;
    let killed = false;
    // Four senders; after 40% of the batches are acknowledged the server is SIGKILLed mid-flight.
    const sender = async () => {
      while (next < batches) {
        const batch = next++;
        const status = await post(agent, server.port, batchBody(batch, size));
        if (status === 200) acked.add(batch);
        if (!killed && acked.size >= batches * 0.4) {
          killed = true;
          server.child.kill("SIGKILL");
        }
      }
    };
    await Promise.all([sender(), sender(), sender(), sender()]);
    expect(killed).toBe(true);
    const ackedBeforeCrash = acked.size;
    expect(ackedBeforeCrash).toBeLessThan(batches);

    // Restart on the same data dir; then the "client" retries every batch it has no ack for.
    await new Promise((resolve) =>
      server.child.exitCode !== null || server.child.signalCode !== null
        ? resolve(undefined)
        : server.child.once("exit", resolve),
    );
    server = await startServer(dir.path);
    const unacked = Array.from({ length: batches }, (_, batch) => batch).filter((batch) => !acked.has(batch));
    const retry = async () => {
      for (let batch = unacked.pop(); batch !== undefined; batch = unacked.pop()) {
        if ((await post(agent, server.port, batchBody(batch, size))) === 200) acked.add(batch);
      }
    };
    await Promise.all([retry(), retry(), retry(), retry()]);
    expect(acked.size).toBe(batches);
    // Replaying some acknowledged batches (a client that lost the response) must not duplicate them.
    for (const batch of [0, 1, batches - 1])
      expect(await post(agent, server.port, batchBody(batch, size))).toBe(200);
    agent.destroy();
    server.child.kill("SIGTERM");
    await new Promise((resolve) => server.child.once("exit", resolve));

    const warehouse = await openDuckDbWarehouse({ path: join(dir.path, "telemetry.duckdb") });
    const [row] = await warehouse.query(
      "SELECT count(*) AS n, count(DISTINCT id) AS ids FROM telemetry_events",
    );
    await warehouse.close();
    expect(row).toEqual({ n: total, ids: total });
  }, 60_000);
});
