import { connect } from "node:net";
import { ApiKeyStore } from "@dai/auth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scoresHarness, WEB_ORIGIN } from "./__tests__/harness.js";
import type { TrackRequest } from "./middleware/request-log.js";

type Tracked = Parameters<TrackRequest>[0];

/** A harness with AI scores on a real socket (`serveApi`, so the fast lane is in front of the app). */
async function scoresStack(rateLimit = { limit: 1000, windowMs: 60_000 }, track?: TrackRequest) {
  const tracked: Tracked[] = [];
  const { h, ids, stopScores } = await scoresHarness({
    rateLimit,
    track: track ?? ((event) => tracked.push(event)),
  });
  await h.app.fastLane.ready;
  const server = await h.listen();
  const key = async (role: "admin" | "analyst" | "dealer", dealerIds: string[] | null = null) => {
    const created = await h.auth.apiKeys.create({ name: `${role}-key`, role, dealerIds, createdBy: "test" });
    return { id: created.id, authorization: `Bearer ${created.key}` };
  };
  return {
    h,
    server,
    tracked,
    ids,
    key,
    /** Over the socket: the fast lane, or the app behind it. */
    fetchLane: (path: string, init: RequestInit = {}) => fetch(`${server.url}${path}`, init),
    close: async () => {
      await server.close();
      stopScores();
    },
  };
}

/** One raw HTTP/1.1 exchange (fetch cannot send two Authorization lines or a Host of its own). */
function rawRequest(url: string, lines: string[]): Promise<number> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () =>
      socket.write(`${[...lines, "Connection: close"].join("\r\n")}\r\n\r\n`),
    );
    let head = "";
    socket.setEncoding("latin1");
    socket.on("data", (chunk) => {
      head += chunk;
    });
    socket.on("error", reject);
    socket.on("end", () => resolve(Number(head.split(" ")[1])));
  });
}

const VARYING = new Set(["x-request-id", "date", "ratelimit", "connection", "keep-alive"]);
function stable(response: Response): Record<string, string> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (!VARYING.has(name)) headers[name] = value;
  });
  return headers;
}

describe("the fast lane in front of the app", () => {
  let stack: Awaited<ReturnType<typeof scoresStack>>;
  let analyst: { id: string; authorization: string };
  beforeAll(async () => {
    stack = await scoresStack();
    analyst = await stack.key("analyst");
    // A key's first request in a minute is audited, which only the app does: let it happen first.
    await stack.fetchLane(`/api/ai-scores/${stack.ids[0]}`, { headers: analyst });
  });
  afterAll(() => stack.close());
  // The same request on the same socket, but with the caller's own request id, which the lane leaves
  // to the app: the app's answer as a client receives it.
  const viaApp = (path: string, headers: Record<string, string>) =>
    stack.fetchLane(path, { headers: { ...headers, "x-request-id": "from-the-app" } });

  it("answers a key's score read with the same status, body and headers as the full app, without entering it", async () => {
    const path = `/api/ai-scores/${stack.ids[3]}?days=30`;
    await stack.h.app.request(path, { headers: analyst }); // both answers below then come from the cache
    const before = stack.h.app.fastLane.stats();
    const fromLane = await stack.fetchLane(path, { headers: analyst });
    expect(stack.h.app.fastLane.stats().served).toBe(before.served + 1);
    const fromApp = await viaApp(path, analyst);
    expect(stack.h.app.fastLane.stats().passed).toBe(before.passed + 1);
    expect(fromLane.status).toBe(200);
    expect(fromApp.status).toBe(200);
    expect(await fromLane.text()).toBe(await fromApp.text());
    expect(stable(fromLane)).toEqual(stable(fromApp));
    expect(fromLane.headers.get("cache-control")).toBe("private, no-store");
    expect(fromLane.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(fromApp.headers.get("x-request-id")).toBe("from-the-app");
  });

  it("answers 304 to a matching If-None-Match, with the headers the app sends with its 304", async () => {
    const path = `/api/ai-scores/${stack.ids[4]}`;
    const first = await stack.fetchLane(path, { headers: analyst });
    const etag = first.headers.get("etag") as string;
    const headers = { ...analyst, "if-none-match": etag };
    const served = stack.h.app.fastLane.stats().served;
    const fromLane = await stack.fetchLane(path, { headers });
    const fromApp = await viaApp(path, headers);
    expect(stack.h.app.fastLane.stats().served).toBe(served + 1);
    expect([fromLane.status, fromApp.status]).toEqual([304, 304]);
    expect(await fromLane.text()).toBe("");
    expect(stable(fromLane)).toEqual(stable(fromApp));
  });

  it("records each request as the request log does: one api.request event under the route pattern", async () => {
    stack.tracked.length = 0;
    await stack.fetchLane(`/api/ai-scores/${stack.ids[5]}`, { headers: analyst });
    expect(stack.tracked).toEqual([
      expect.objectContaining({
        kind: "api.request",
        route: "/api/ai-scores/:dealerId",
        method: "GET",
        status: 200,
      }),
    ]);
  });

  it("passes every other request to the app untouched, which answers it as without the lane", async () => {
    const dealer = await stack.key("dealer", [stack.ids[1] as string]);
    await stack.fetchLane(`/api/ai-scores/${stack.ids[1]}`, { headers: dealer }); // its audited first use
    const detail = `/api/ai-scores/${stack.ids[2]}`;
    const cases: [string, RequestInit, number][] = [
      ["no credentials", {}, 401],
      ["a malformed key", { headers: { authorization: "Bearer dai_nope_nope" } }, 401],
      ["a dealer key outside its scope", { headers: dealer }, 404],
      ["an unknown dealer", { headers: analyst }, 404],
      ["an invalid query", { headers: analyst }, 400],
      ["a list (not a hot read)", { headers: analyst }, 200],
      ["a browser's Origin", { headers: { ...analyst, origin: WEB_ORIGIN } }, 200],
      ["the caller's own request id", { headers: { ...analyst, "x-request-id": "caller-7" } }, 200],
      ["a HEAD", { method: "HEAD", headers: analyst }, 200],
    ];
    const paths = [
      detail,
      detail,
      detail,
      "/api/ai-scores/no-such-dealer",
      `${detail}?days=0`,
      "/api/ai-scores",
    ];
    for (const [index, [name, init, status]] of cases.entries()) {
      const before = stack.h.app.fastLane.stats();
      const response = await stack.fetchLane(paths[index] ?? detail, init);
      expect(response.status, name).toBe(status);
      expect(stack.h.app.fastLane.stats(), name).toMatchObject({
        served: before.served,
        passed: before.passed + 1,
      });
      if (status >= 400) expect(response.headers.get("content-type"), name).toBe("application/problem+json");
      if (name === "a browser's Origin")
        expect(response.headers.get("access-control-allow-origin")).toBe(WEB_ORIGIN);
      if (name === "the caller's own request id")
        expect(response.headers.get("x-request-id")).toBe("caller-7");
    }
  });

  it("passes two Authorization headers to the app, which refuses them (Node alone would keep the first)", async () => {
    const other = await stack.key("admin");
    const before = stack.h.app.fastLane.stats();
    const status = await rawRequest(stack.server.url, [
      `GET /api/ai-scores/${stack.ids[2]} HTTP/1.1`,
      `Host: ${new URL(stack.server.url).host}`,
      `Authorization: ${analyst.authorization}`,
      `Authorization: ${other.authorization}`,
    ]);
    expect(status).toBe(401);
    expect(stack.h.app.fastLane.stats()).toMatchObject({ served: before.served, passed: before.passed + 1 });
  });

  it("passes a Host or target the app does not take verbatim, so the lane never reads another path", async () => {
    const host = new URL(stack.server.url).host;
    const detail = `/api/ai-scores/${stack.ids[2]}`;
    const cases: [string, string, number][] = [
      ["a Host with a path in it", "evil/x", 400],
      ["a Host with user info", "user@evil", 400],
      ["dot segments", host, 200],
    ];
    for (const [name, hostHeader, status] of cases) {
      const before = stack.h.app.fastLane.stats();
      const target = name === "dot segments" ? `/api/ai-scores/x/../${stack.ids[2]}` : detail;
      const answered = await rawRequest(stack.server.url, [
        `GET ${target} HTTP/1.1`,
        `Host: ${hostHeader}`,
        `Authorization: ${analyst.authorization}`,
      ]);
      expect(answered, name).toBe(status);
      expect(stack.h.app.fastLane.stats().served, name).toBe(before.served);
    }
  });

  it("remembers route matches only for verified callers, so unknown callers cannot fill its memory", async () => {
    const before = stack.h.app.fastLane.stats().rememberedPaths;
    const stranger = { authorization: "Bearer dai_aaaaaaaaaaaa_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb" };
    for (let i = 0; i < 40; i++) {
      // Short paths of the hot route: the lane would keep them if it remembered before checking the key.
      const response = await stack.fetchLane(`/api/ai-scores/x${i}`, { headers: stranger });
      expect(response.status).toBe(401);
    }
    expect(stack.h.app.fastLane.stats().rememberedPaths).toBe(before);
    await stack.fetchLane(`/api/ai-scores/${stack.ids[7]}`, { headers: analyst });
    expect(stack.h.app.fastLane.stats().rememberedPaths).toBe(before + 1);
  });

  it("stops serving a key that another process revoked once the key file is re-read (within 1 s)", async () => {
    const doomed = await stack.key("analyst");
    const path = `/api/ai-scores/${stack.ids[6]}`;
    expect((await stack.fetchLane(path, { headers: doomed })).status).toBe(200);
    expect((await stack.fetchLane(path, { headers: doomed })).status).toBe(200);
    const otherProcess = await ApiKeyStore.open(stack.h.dataDir);
    // The file's mtime must move for the store to notice; some file systems count in whole ms.
    await new Promise((resolve) => setTimeout(resolve, 20));
    await otherProcess.revoke(doomed.id);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const refused = await stack.fetchLane(path, { headers: doomed });
    expect(refused.status).toBe(401);
  });
});

describe("a failing telemetry sink", () => {
  it("costs the data point, never the request: lane and app answer 200 and go on serving", async () => {
    const stack = await scoresStack(undefined, () => {
      throw new Error("telemetry sink down");
    });
    try {
      const key = await stack.key("analyst");
      const path = `/api/ai-scores/${stack.ids[0]}`;
      for (let i = 0; i < 3; i++) expect((await stack.fetchLane(path, { headers: key })).status).toBe(200);
      expect(stack.h.app.fastLane.stats().served).toBeGreaterThanOrEqual(2);
    } finally {
      await stack.close();
    }
  });
});

describe("one rate-limit budget per key across the lane and the app", () => {
  it("counts lane and app answers alike and refuses the key with the app's 429 once the budget is spent", async () => {
    const stack = await scoresStack({ limit: 4, windowMs: 60_000 });
    try {
      const key = await stack.key("admin");
      const path = `/api/ai-scores/${stack.ids[0]}`;
      const remaining: (string | null)[] = [];
      for (let i = 0; i < 4; i++) {
        const response = await stack.fetchLane(i === 2 ? "/api/ai-scores" : path, { headers: key });
        expect(response.status).toBe(200);
        remaining.push(response.headers.get("ratelimit")?.match(/;r=(\d+)/)?.[1] ?? null);
      }
      expect(remaining).toEqual(["3", "2", "1", "0"]);
      expect(stack.h.app.fastLane.stats().served).toBeGreaterThanOrEqual(2);
      const refused = await stack.fetchLane(path, { headers: key });
      expect(refused.status).toBe(429);
      expect(refused.headers.get("content-type")).toBe("application/problem+json");
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    } finally {
      await stack.close();
    }
  });
});
