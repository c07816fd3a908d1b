import { type ChildProcess, spawn } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { createServer as createHttpServer } from "node:http";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { join } from "node:path";
import { buildSnapshot, readScoreInputs, ScoreStore } from "@dai/ai-scores";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { harness } from "../__tests__/harness.js";
import { createAiScoresDeps } from "../features/ai-scores.js";
import { bundleEdgeWorker, writeWorkerdConfig } from "./bundle.js";

/** The `workerd` package's main export is the path of the platform binary it installed. */
const workerdPath = (createRequire(import.meta.url)("workerd") as { default: string }).default;
const BOUNDS = { minTtlSeconds: 5, maxTtlSeconds: 3600, staleWhileRevalidateSeconds: 60 };
const EDGE_KEY = "edge-test-key-0123456789";

const store = new ScoreStore();
const { deps, stop } = createAiScoresDeps(store, BOUNDS);
const h = await harness({}, { aiScores: deps });
const inputs = await readScoreInputs(h.dataDir);
store.setInputs(inputs);
const ids = inputs.dealers.map((d) => d.id);
const { key } = await h.auth.apiKeys.create({
  name: "edge",
  role: "analyst",
  dealerIds: null,
  createdBy: "t",
});
const nodeAuth = { authorization: `Bearer ${key}` };
const edgeAuth = { authorization: `Bearer ${EDGE_KEY}` };

let base = "";
const stops: (() => void)[] = [];
let published: ReturnType<typeof buildSnapshot> | undefined;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

beforeAll(async () => {
  const dir = join(h.dataDir, "edge");
  await bundleEdgeWorker(join(dir, "worker.js"));
  // Warm a resource so its tuned policy travels with the snapshot, as the Node feature publishes it.
  await h.app.request(`/api/ai-scores/${ids[0]}`, { headers: nodeAuth });
  await h.app.request("/api/ai-scores?sort=name&limit=5", { headers: nodeAuth });
  const snapshot = buildSnapshot({
    scores: store.list(),
    bounds: BOUNDS,
    decisions: deps.api.cache.tuner.decisions(),
  });
  published = snapshot;
  await writeFile(join(dir, "snapshot.json"), JSON.stringify(snapshot));
  const started = await startWorkerd(dir, { edgeApiKey: EDGE_KEY });
  base = started.base;
  stops.push(started.stop);
}, 30_000);

afterAll(() => {
  for (const stopOne of stops) stopOne();
  stop();
});

/** Starts `workerd serve` on a free port and waits until the worker answers. */
async function startWorkerd(
  dir: string,
  options: Omit<Parameters<typeof writeWorkerdConfig>[0], "dir" | "port">,
): Promise<{ base: string; stop: () => void }> {
  const port = await freePort();
  const config = await writeWorkerdConfig({ dir, port, configName: `config-${port}.capnp`, ...options });
  const url = `http://127.0.0.1:${port}`;
  let stderr = "";
  const child: ChildProcess = spawn(workerdPath, ["serve", config], {
    cwd: dir,
    stdio: ["ignore", "ignore", "pipe"],
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const headers = options.edgeApiKey ? { authorization: `Bearer ${options.edgeApiKey}` } : undefined;
  const deadline = Date.now() + 15_000;
  for (;;) {
    const up = await fetch(`${url}/api/ai-scores?limit=1`, { headers }).then(
      (r) => r.status,
      () => 0,
    );
    if (up === 200) break;
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill("SIGTERM");
      throw new Error(`workerd did not start: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { base: url, stop: () => child.kill("SIGTERM") };
}

describe("edge entry in workerd", () => {
  it("bundles without any Node built-in", async () => {
    const code = await readFile(join(h.dataDir, "edge", "worker.js"), "utf8");
    expect(code).not.toMatch(/from\s+["']node:|require\(["'](node:)?(fs|path|crypto|os)["']\)/);
  });

  it("answers a dealer with the Node app's body and ETag, public CDN headers, and 304 on If-None-Match", async () => {
    for (const id of [ids[0], ids[7]] as string[]) {
      const edge = await fetch(`${base}/api/ai-scores/${id}`, { headers: edgeAuth });
      const node = await h.app.request(`/api/ai-scores/${id}`, { headers: nodeAuth });
      expect(edge.status).toBe(200);
      expect(node.status).toBe(200);
      const edgeBody = await edge.text();
      expect(edgeBody).toBe(await node.text());
      expect(edge.headers.get("etag")).toBe(node.headers.get("etag"));
      expect(edge.headers.get("cache-control")).toMatch(
        /^public, max-age=0, s-maxage=\d+, stale-while-revalidate=\d+$/,
      );
      expect(edge.headers.get("surrogate-key")).toContain(`score:${id}`);
      const etag = edge.headers.get("etag") as string;
      const revalidated = await fetch(`${base}/api/ai-scores/${id}`, {
        headers: { ...edgeAuth, "if-none-match": etag },
      });
      expect(revalidated.status).toBe(304);
      expect(await revalidated.text()).toBe("");
      expect(
        (await h.app.request(`/api/ai-scores/${id}`, { headers: { ...nodeAuth, "if-none-match": etag } }))
          .status,
      ).toBe(304);
    }
  });

  it("carries the Node tuner's TTL for a resource it had decided", async () => {
    const edge = await fetch(`${base}/api/ai-scores/${ids[0]}`, { headers: edgeAuth });
    const policy = published?.cache.resources[`score:${ids[0]}`];
    expect(policy?.ttlSeconds).toBeGreaterThanOrEqual(BOUNDS.minTtlSeconds);
    expect(edge.headers.get("cache-control")).toBe(
      `public, max-age=0, s-maxage=${policy?.ttlSeconds}, stale-while-revalidate=${policy?.swrSeconds}`,
    );
  });

  it("lists like the Node app and answers errors as problem+json, refusing callers without the edge key", async () => {
    const edge = await fetch(`${base}/api/ai-scores?sort=name&limit=5`, { headers: edgeAuth });
    const node = await h.app.request("/api/ai-scores?sort=name&limit=5", { headers: nodeAuth });
    expect(await edge.text()).toBe(await node.text());
    const listPolicy = published?.cache.resources["scores:list?sort=name&limit=5"];
    expect(listPolicy).toBeDefined();
    expect(edge.headers.get("cache-control")).toBe(
      `public, max-age=0, s-maxage=${listPolicy?.ttlSeconds}, stale-while-revalidate=${listPolicy?.swrSeconds}`,
    );
    for (const [path, status] of [
      ["/api/ai-scores?sort=price", 400],
      ["/api/ai-scores/dlr-99999", 404],
      [`/api/ai-scores/${ids[0]}?days=0`, 400],
    ] as const) {
      const response = await fetch(`${base}${path}`, { headers: edgeAuth });
      expect(response.status).toBe(status);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
    }
    const anonymous = await fetch(`${base}/api/ai-scores/${ids[0]}`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("content-type")).toBe("application/problem+json");
  });

  it("fetches the snapshot the Node side publishes from SNAPSHOT_URL and picks up a new one after its TTL", async () => {
    let snapshot = buildSnapshot({ scores: store.list(), bounds: BOUNDS });
    let served = JSON.stringify(snapshot);
    const origin = createHttpServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(served);
    });
    await new Promise<void>((resolve) => origin.listen(0, "127.0.0.1", resolve));
    const address = origin.address();
    const originPort = typeof address === "object" && address ? address.port : 0;
    const dir = join(h.dataDir, "edge");
    const edge = await startWorkerd(dir, {
      embedSnapshot: false,
      snapshotUrl: `http://127.0.0.1:${originPort}/snapshot.json`,
      snapshotTtlSeconds: 1,
    });
    try {
      const id = ids[3] as string;
      const before = (await (await fetch(`${edge.base}/api/ai-scores/${id}`)).json()) as { score: number };
      expect(before.score).toBe(store.get(id)?.score.score);
      // A score changes on the Node side, which publishes a new snapshot.
      const last = inputs.rows.filter((r) => r.dealerId === id).at(-1);
      if (!last) throw new Error("no rows");
      store.appendRows([{ ...last, aiVisibility: Math.min(100, last.aiVisibility + 40) }]);
      snapshot = buildSnapshot({ scores: store.list(), bounds: BOUNDS });
      served = JSON.stringify(snapshot);
      const expected = store.get(id)?.score.score;
      expect(expected).not.toBe(before.score);
      await expect
        .poll(
          async () =>
            ((await (await fetch(`${edge.base}/api/ai-scores/${id}`)).json()) as { score: number }).score,
          {
            timeout: 5000,
            interval: 200,
          },
        )
        .toBe(expected);
    } finally {
      edge.stop();
      await new Promise((resolve) => origin.close(resolve));
    }
  });
});
