import { readFile } from "node:fs/promises";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { TelemetryEvent } from "../events/schema.js";
import { backoffDelay, retryAfterMs } from "./backoff.js";
import { createTelemetryClient, type TelemetryClientOptions } from "./client.js";

type Call = { events: TelemetryEvent[] };
function hub(responses: (() => Response | Promise<Response>)[]) {
  const calls: Call[] = [];
  const fetch = vi.fn(async (_url: string | URL | Request, init?: RequestInit) => {
    calls.push(JSON.parse(String(init?.body)) as Call);
    const next = responses.length > 1 ? responses.shift() : responses[0];
    return (next as () => Response)();
  });
  return { calls, fetch: fetch as unknown as typeof globalThis.fetch };
}
const ok = () => new Response(JSON.stringify({ accepted: 1, rejected: [] }), { status: 200 });
const request = { kind: "api.request", route: "/r", status: 200, durationMs: 5 } as const;
const options = (fetch: typeof globalThis.fetch, extra: Partial<TelemetryClientOptions> = {}) => ({
  endpoint: "http://127.0.0.1:1/api/telemetry",
  ingestKey: "k",
  fetch,
  random: () => 1,
  flushIntervalMs: 1000,
  beaconOnPageHide: false,
  ...extra,
});

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe("createTelemetryClient", () => {
  it("sends full batches at once and the remainder when the flush interval passes", async () => {
    const { calls, fetch } = hub([ok]);
    const client = createTelemetryClient(options(fetch, { batchSize: 500 }));
    for (let i = 0; i < 1200; i++) client.track(request);
    await vi.advanceTimersByTimeAsync(0);
    expect(calls.map((c) => c.events.length)).toEqual([500, 500]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls.map((c) => c.events.length)).toEqual([500, 500, 200]);
    const ids = new Set(calls.flatMap((c) => c.events.map((e) => e.id)));
    expect(ids.size).toBe(1200);
    expect(calls[0]?.events[0]).toMatchObject({ kind: "api.request", schemaVersion: 1 });
    expect(client.stats()).toMatchObject({ sent: 1200, queued: 0, dropped: 0 });
  });

  it("retries a failed batch with the same ids after an exponential backoff", async () => {
    const { calls, fetch } = hub([
      () => new Response("", { status: 503 }),
      () => new Response("", { status: 500 }),
      ok,
    ]);
    const client = createTelemetryClient(options(fetch, { baseBackoffMs: 100 }));
    client.track(request);
    await client.flush();
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(99);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(199);
    expect(calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(3);
    expect(new Set(calls.map((c) => c.events[0]?.id)).size).toBe(1);
    expect(client.stats()).toMatchObject({ sent: 1, retries: 2, queued: 0 });
  });

  it("waits as long as a 429's Retry-After says before sending again", async () => {
    const { calls, fetch } = hub([
      () => new Response("", { status: 429, headers: { "retry-after": "3" } }),
      ok,
    ]);
    const client = createTelemetryClient(options(fetch, { baseBackoffMs: 10 }));
    client.track(request);
    await client.flush();
    client.track(request);
    await client.flush();
    await vi.advanceTimersByTimeAsync(2999);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(2);
    expect(calls[1]?.events).toHaveLength(2);
  });

  it("never throws while the hub is down and keeps a bounded buffer that drops the oldest", async () => {
    const fetch = vi.fn(async () => {
      throw new TypeError("fetch failed");
    }) as unknown as typeof globalThis.fetch;
    const problems: string[] = [];
    const client = createTelemetryClient(
      options(fetch, { batchSize: 100, maxBufferSize: 1000, onProblem: (p) => problems.push(p.type) }),
    );
    const ids: string[] = [];
    for (let i = 0; i < 1500; i++) ids.push(client.track({ ...request, durationMs: i }));
    await vi.advanceTimersByTimeAsync(60_000);
    const stats = client.stats();
    expect(stats.queued).toBe(1000);
    expect(stats.dropped).toBe(500);
    expect(problems).toContain("dropped");
    await expect(client.shutdown()).resolves.toBeUndefined();
  });

  it("drops a batch the hub refuses as invalid instead of retrying it forever", async () => {
    const { calls, fetch } = hub([() => new Response('{"code":"invalid_events"}', { status: 422 })]);
    const problems: string[] = [];
    const client = createTelemetryClient(options(fetch, { onProblem: (p) => problems.push(p.type) }));
    client.track(request);
    await client.flush();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls).toHaveLength(1);
    expect(client.stats()).toMatchObject({ rejected: 1, queued: 0 });
    expect(problems).toEqual(["refused"]);
  });

  it("flushes what is queued on shutdown", async () => {
    const { calls, fetch } = hub([ok]);
    const client = createTelemetryClient(options(fetch));
    client.track(request);
    client.track(request);
    await client.shutdown();
    expect(calls.map((c) => c.events.length)).toEqual([2]);
  });

  it("sends the queue with navigator.sendBeacon on pagehide, key in the query", async () => {
    const beacons: { url: string; body: Blob }[] = [];
    let onPageHide: (() => void) | undefined;
    vi.stubGlobal("navigator", { sendBeacon: (url: string, body: Blob) => beacons.push({ url, body }) > 0 });
    vi.stubGlobal("addEventListener", (type: string, listener: () => void) => {
      if (type === "pagehide") onPageHide = listener;
    });
    vi.stubGlobal("removeEventListener", () => {});
    const { fetch } = hub([ok]);
    const client = createTelemetryClient(options(fetch, { beaconOnPageHide: true, ingestKey: "k y" }));
    for (let i = 0; i < 150; i++) client.track(request);
    onPageHide?.();
    expect(beacons).toHaveLength(2);
    expect(beacons[0]?.url).toBe("http://127.0.0.1:1/api/telemetry?key=k%20y");
    expect(beacons[0]?.body.type).toBe("text/plain");
    const first = JSON.parse((await beacons[0]?.body.text()) ?? "{}") as Call;
    expect(first.events).toHaveLength(100);
    expect(client.stats().queued).toBe(0);
  });
});

describe("backoff", () => {
  it("doubles the ceiling per attempt up to the cap, with full jitter", () => {
    expect([0, 1, 2, 3].map((a) => backoffDelay(a, 500, 3000, () => 0.999999))).toEqual([
      499, 999, 1999, 2999,
    ]);
    expect(backoffDelay(5, 500, 3000, () => 0)).toBe(0);
  });

  it("reads Retry-After as seconds or an HTTP date", () => {
    const now = Date.parse("2026-11-25T12:00:00Z");
    expect(retryAfterMs("7", now)).toBe(7000);
    expect(retryAfterMs("Wed, 25 Nov 2026 12:00:10 GMT", now)).toBe(10_000);
    expect(retryAfterMs("soon", now)).toBeUndefined();
  });
});

describe("the client entry", () => {
  it("imports no Node built-ins and no zod, so it bundles for browsers", async () => {
    for (const file of [
      "client/index.ts",
      "client/client.ts",
      "client/backoff.ts",
      "events/id.ts",
      "events/version.ts",
    ]) {
      const text = await readFile(new URL(`../${file}`, import.meta.url), "utf8");
      const imports = [...text.matchAll(/^import (?!type)[^;]*from "([^"]+)"/gm)].map((m) => m[1]);
      expect(
        imports.filter((name) => name?.startsWith("node:") || name === "zod"),
        file,
      ).toEqual([]);
    }
  });
});
