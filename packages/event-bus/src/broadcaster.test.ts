import { get, type IncomingMessage } from "node:http";
import { connect } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { collect, startServer, type TestServer, waitFor } from "./__tests__/http.js";
import { createMemoryBus } from "./adapters/memory.js";
import { createSseBroadcaster, type SseBroadcaster } from "./broadcaster.js";
import type { EventBus } from "./bus.js";
import type { TopicMap } from "./topics.js";

const job = (n: number, pad = ""): TopicMap["job.result"] => ({
  job: `job-${n}`,
  status: "success",
  durationMs: n,
  finishedAt: "2026-11-25T00:00:00.000Z",
  ...(pad === "" ? {} : { message: pad }),
});

let cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

async function setup(
  options: { historySize?: number; maxBufferedBytes?: number; heartbeatMs?: number } = {},
) {
  const bus: EventBus = createMemoryBus({ historySize: options.historySize ?? 100 });
  const drops: string[] = [];
  const broadcaster: SseBroadcaster = createSseBroadcaster({
    bus,
    retryMs: 20,
    heartbeatMs: options.heartbeatMs ?? 60_000,
    maxBufferedBytes: options.maxBufferedBytes ?? 1024 * 1024,
    closeGraceMs: 200,
    onDrop: (info) => drops.push(info.reason),
    authorize: ({ req }) =>
      req.headers.authorization === "dealer-1"
        ? { topics: ["score.change", "metric.update"], dealerIds: ["dlr-1"] }
        : undefined,
  });
  const server: TestServer = await startServer((req, res) => void broadcaster.handle(req, res));
  cleanups.push(
    () => server.close(),
    () => bus.close(),
  );
  return { bus, broadcaster, server, drops };
}

/** Opens a raw HTTP request and resolves with the response (headers received). */
function open(url: string, headers: Record<string, string> = {}): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => get(url, { headers, agent: false }, resolve).on("error", reject));
}

describe("SSE broadcaster with real clients", () => {
  it("sends SSE headers that disable caching, proxy buffering and compression", async () => {
    const { server } = await setup();
    const res = await open(`${server.url}/?topics=job.result`, { "accept-encoding": "gzip, br" });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("text/event-stream; charset=utf-8");
    expect(res.headers["cache-control"]).toBe("no-cache, no-transform");
    expect(res.headers["x-accel-buffering"]).toBe("no");
    expect(res.headers["content-encoding"]).toBeUndefined();
    res.destroy();
  });

  it("resumes after the server drops the connection, without gap or duplicate (eventsource)", async () => {
    const { bus, server, broadcaster } = await setup();
    const client = collect(`${server.url}/?topics=job.result`, ["job.result"]);
    cleanups.push(client.close);
    await waitFor(() => client.opens === 1, "first connection");
    const published: string[] = [];
    for (let i = 0; i < 5; i++) published.push((await bus.publish("job.result", job(i))).id);
    await waitFor(() => client.received.length === 5, "first five events");
    server.server.closeAllConnections();
    // Published while the client is away: must come back through the replay.
    for (let i = 5; i < 10; i++) published.push((await bus.publish("job.result", job(i))).id);
    await waitFor(() => client.opens === 2, "reconnection");
    for (let i = 10; i < 15; i++) published.push((await bus.publish("job.result", job(i))).id);
    await waitFor(() => client.received.length >= 15, "all fifteen events");
    expect(broadcaster.stats().publishToWrittenMs.count).toBeGreaterThanOrEqual(10);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(client.received.map((r) => r.id)).toEqual(published);
    expect(JSON.parse(client.received[7]?.data ?? "{}")).toMatchObject({ topic: "job.result", data: job(7) });
  });

  it("sends a reset event when the client is older than the history window, then continues live", async () => {
    const { bus, server } = await setup({ historySize: 3 });
    const old = await bus.publish("job.result", job(0));
    for (let i = 1; i < 10; i++) await bus.publish("job.result", job(i));
    const client = collect(`${server.url}/?topics=job.result&lastEventId=${old.id}`, ["job.result", "reset"]);
    cleanups.push(client.close);
    await waitFor(() => client.received.length === 1, "reset event");
    const [reset] = client.received;
    expect(reset?.type).toBe("reset");
    expect(JSON.parse(reset?.data ?? "{}")).toMatchObject({ reason: "history_window", lastEventId: old.id });
    const next = await bus.publish("job.result", job(10));
    await waitFor(() => client.received.length === 2, "live event after reset");
    expect(client.received[1]).toMatchObject({ type: "job.result", id: next.id });
  });

  it("resumes from the lastEventId query parameter and prefers the Last-Event-ID header", async () => {
    const { bus, server } = await setup();
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push((await bus.publish("job.result", job(i))).id);
    const res = await open(`${server.url}/?topics=job.result&lastEventId=${ids[1]}`, {
      "last-event-id": ids[3] as string,
    });
    let body = "";
    res.setEncoding("utf8");
    res.on("data", (chunk: string) => {
      body += chunk;
    });
    await waitFor(() => body.includes(`id: ${ids[5]}`), "replayed events");
    res.destroy();
    expect([...body.matchAll(/^id: (.+)$/gm)].map((m) => m[1])).toEqual(ids.slice(4));
  });

  it("drops a slow consumer with a final event while a fast one receives everything", async () => {
    const { bus, server, broadcaster, drops } = await setup({ maxBufferedBytes: 64 * 1024, historySize: 10 });
    const fast = collect(`${server.url}/?topics=job.result`, ["job.result"]);
    cleanups.push(fast.close);
    const slow = await open(`${server.url}/?topics=job.result`);
    slow.pause();
    await waitFor(() => fast.opens === 1 && broadcaster.stats().clients === 2, "both clients");
    const pad = "x".repeat(16 * 1024);
    let count = 0;
    // The fast client reads in this same process: let it catch up before each publish, so on a loaded
    // machine it is never the one that falls behind (only the paused client may).
    while (drops.length === 0 && count < 5000) {
      await bus.publish("job.result", job(count++, pad));
      await waitFor(
        () => fast.received.length === count || drops.length > 0,
        `fast client got event ${count}`,
      );
    }
    expect(drops).toEqual(["slow_consumer"]);
    expect(broadcaster.stats()).toMatchObject({ clients: 1, dropped: 1 });
    await waitFor(() => fast.received.length === count, "fast client got every event", 45_000);
    // The slow client finally reads: its stream ends with the reason it was dropped.
    let tail = "";
    slow.setEncoding("utf8");
    slow.on("data", (chunk: string) => {
      tail = (tail + chunk).slice(-500);
    });
    slow.resume();
    await new Promise((resolve) => slow.on("end", resolve));
    expect(tail).toMatch(/event: dropped\ndata: \{"reason":"slow_consumer"/);
  }, 90_000);

  it("answers a bad Last-Event-ID and unknown topics with problem+json 400", async () => {
    const { server } = await setup();
    const bad = await fetch(`${server.url}/?topics=job.result`, {
      headers: { "last-event-id": "yesterday" },
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toBe("application/problem+json");
    expect(await bad.json()).toMatchObject({ code: "invalid_last_event_id", status: 400 });
    const unknown = await fetch(`${server.url}/?topics=job.result,weather`);
    expect(unknown.status).toBe(400);
    const problem = (await unknown.json()) as { code: string; detail: string };
    expect(problem.code).toBe("unknown_topic");
    expect(problem.detail).toContain('"weather"');
  });

  it("refuses nonsensical options by name", () => {
    const bus = createMemoryBus();
    expect(() => createSseBroadcaster({ bus, heartbeatMs: 0 })).toThrow(
      /heartbeatMs: expected an integer ≥ 5/,
    );
    expect(() => createSseBroadcaster({ bus, maxBufferedBytes: 10 })).toThrow(/maxBufferedBytes/);
  });

  it("validates topics and ids passed to open() by a route", async () => {
    const { broadcaster, server } = await setup();
    const res = await open(`${server.url}/`);
    const req = { headers: {}, url: "/" } as IncomingMessage;
    const fakeRes = {} as never;
    await expect(
      broadcaster.open(req, fakeRes, { topics: ["weather" as "job.result"] }),
    ).rejects.toMatchObject({
      code: "unknown_topic",
    });
    await expect(
      broadcaster.open(req, fakeRes, { topics: ["job.result"], lastEventId: "x" }),
    ).rejects.toMatchObject({
      code: "invalid_last_event_id",
    });
    res.destroy();
  });

  it("applies the authorisation hook: refuses topics (403) and withholds other dealers' events", async () => {
    const { bus, server } = await setup();
    const refused = await fetch(`${server.url}/?topics=job.result`, {
      headers: { authorization: "dealer-1" },
    });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ code: "forbidden_topic" });
    const change = { score: "aiv", previous: null, value: 1, changedAt: "x" };
    const first = await bus.publish("score.change", { ...change, dealerId: "dlr-1" }, { dealerId: "dlr-1" });
    const res = await open(`${server.url}/?topics=score.change`, { authorization: "dealer-1" });
    let body = "";
    res.setEncoding("utf8");
    res.on("data", (chunk: string) => {
      body += chunk;
    });
    await bus.publish("score.change", { ...change, dealerId: "dlr-2" }, { dealerId: "dlr-2" });
    const mine = await bus.publish("score.change", { ...change, dealerId: "dlr-1" }, { dealerId: "dlr-1" });
    const global = await bus.publish("score.change", { ...change, dealerId: "all" });
    await waitFor(() => body.includes(global.id), "events");
    res.destroy();
    expect([...body.matchAll(/^id: (.+)$/gm)].map((m) => m[1])).toEqual([mine.id, global.id]);
    // The replay of a resuming client is filtered the same way.
    const resumed = await open(`${server.url}/?topics=score.change&lastEventId=${first.id}`, {
      authorization: "dealer-1",
    });
    let replayed = "";
    resumed.setEncoding("utf8");
    resumed.on("data", (chunk: string) => {
      replayed += chunk;
    });
    await waitFor(() => replayed.includes(global.id), "replayed events");
    resumed.destroy();
    expect([...replayed.matchAll(/^id: (.+)$/gm)].map((m) => m[1])).toEqual([mine.id, global.id]);
  });

  it("sends heartbeats on a shared timer and stops it when the last client leaves", async () => {
    const { server, broadcaster } = await setup({ heartbeatMs: 20 });
    const res = await open(`${server.url}/?topics=job.result`);
    let body = "";
    res.setEncoding("utf8");
    res.on("data", (chunk: string) => {
      body += chunk;
    });
    await waitFor(() => (body.match(/^: hb$/gm) ?? []).length >= 2, "two heartbeats");
    expect(broadcaster.stats().heartbeatActive).toBe(true);
    res.destroy();
    await waitFor(() => broadcaster.stats().clients === 0, "client removed");
    expect(broadcaster.stats().heartbeatActive).toBe(false);
  });

  it("streams to an HTTP/1.0 client without chunked framing", async () => {
    const { bus, server } = await setup();
    const socket = connect(Number(new URL(server.url).port), "127.0.0.1");
    let raw = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      raw += chunk;
    });
    socket.write("GET /?topics=job.result HTTP/1.0\r\n\r\n");
    await waitFor(() => raw.includes("retry: 20"), "stream head");
    const event = await bus.publish("job.result", job(1));
    await waitFor(() => raw.includes(`id: ${event.id}`), "event");
    socket.destroy();
    expect(raw).not.toMatch(/transfer-encoding: chunked/i);
    expect(raw).toContain(`\r\n\r\nretry: 20\n\nid: ${event.id}\nevent: job.result\ndata: {`);
  });

  it("drains gracefully on close: clients get a shutdown event, new clients a 503", async () => {
    const { server, broadcaster } = await setup();
    const response = await fetch(`${server.url}/?topics=job.result`);
    const text = response.text();
    await waitFor(() => broadcaster.stats().clients === 1, "client connected");
    await broadcaster.close();
    expect(await text).toMatch(/event: shutdown\ndata: \{"reason":"server_shutdown"\}/);
    expect(broadcaster.stats().clients).toBe(0);
    const late = await fetch(`${server.url}/?topics=job.result`);
    expect(late.status).toBe(503);
    expect(await late.json()).toMatchObject({ code: "shutting_down" });
  });
});
