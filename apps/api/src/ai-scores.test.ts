import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { silentLogger } from "@dai/core";
import { createMemoryBus } from "@dai/event-bus";
import { afterAll, describe, expect, it } from "vitest";
import { account, manifest, scoresHarness } from "./__tests__/harness.js";
import { SNAPSHOT_FILE, startAiScores } from "./features/ai-scores.js";

const { h, store, inputs, ids, stopScores } = await scoresHarness();
afterAll(() => stopScores());

const key = async (role: "admin" | "analyst" | "dealer", dealerIds: string[] | null = null) => {
  const created = await h.auth.apiKeys.create({ name: `${role}-key`, role, dealerIds, createdBy: "test" });
  return { authorization: `Bearer ${created.key}` };
};
const admin = await key("admin");
const analyst = await key("analyst");
const get = (path: string, headers: Record<string, string> = admin) => h.app.request(path, { headers });

type Item = { dealerId: string; score: number; brand: string; sparkline: number[] };
type Page = { asOf: string; items: Item[]; total: number; nextCursor: string | null };

async function expectProblem(response: Response, status: number, field?: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  const problem = (await response.json()) as { status: number; detail: string };
  expect(problem.status).toBe(status);
  if (field !== undefined) expect(problem.detail).toContain(field);
}

describe("GET /api/ai-scores", () => {
  it("lists every dealer by descending score with 28-day sparklines, an ETag and a 304 on If-None-Match", async () => {
    const response = await get("/api/ai-scores?limit=200");
    expect(response.status).toBe(200);
    const page = (await response.json()) as Page;
    expect(page.total).toBe(ids.length);
    const scores = page.items.map((i) => i.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(page.items[0]?.sparkline.length).toBeGreaterThan(20);
    const etag = response.headers.get("etag") as string;
    expect(etag).toMatch(/^"/);
    const again = await get("/api/ai-scores?limit=200", { ...admin, "if-none-match": etag });
    expect(again.status).toBe(304);
    expect(again.headers.get("x-cache")).toBe("HIT");
    expect(await again.text()).toBe("");
  });

  it("marks answers private and emits no CDN header, since a shared cache cannot check a caller's scope", async () => {
    const response = await get("/api/ai-scores");
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    expect(response.headers.get("vary")).toMatch(/Cookie, Authorization/);
    expect(response.headers.get("surrogate-key")).toBeNull();
    expect(response.headers.get("cache-tag")).toBeNull();
  });

  it("filters by brand and region, sorts ascending by name and pages with a cursor without gaps or repeats", async () => {
    const brand = inputs.dealers[0]?.brand as string;
    const byBrand = (await (await get(`/api/ai-scores?brand=${encodeURIComponent(brand)}`)).json()) as Page;
    expect(byBrand.total).toBe(inputs.dealers.filter((d) => d.brand === brand).length);
    expect(byBrand.items.every((i) => i.brand === brand)).toBe(true);
    const region = inputs.dealers[0]?.region as string;
    const byRegion = (await (
      await get(`/api/ai-scores?region=${encodeURIComponent(region)}`)
    ).json()) as Page;
    expect(byRegion.total).toBe(inputs.dealers.filter((d) => d.region === region).length);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const path: string = `/api/ai-scores?sort=name&limit=7${cursor ? `&cursor=${cursor}` : ""}`;
      const page = (await (await get(path)).json()) as Page & { items: (Item & { name: string })[] };
      seen.push(...page.items.map((i) => i.dealerId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(ids.length);
    expect(new Set(seen).size).toBe(ids.length);
  });

  it("shows a dealer principal only its dealers, in the list and in the detail", async () => {
    const mine = ids.slice(3, 5);
    const dealerKey = await key("dealer", mine);
    const page = (await (await get("/api/ai-scores?limit=200", dealerKey)).json()) as Page;
    expect(page.items.map((i) => i.dealerId).sort()).toEqual([...mine].sort());
    expect((await get(`/api/ai-scores/${mine[0]}`, dealerKey)).status).toBe(200);
    await expectProblem(await get(`/api/ai-scores/${ids[0]}`, dealerKey), 404);

    const session = await h.signIn(account("dealer").email, account("dealer").password);
    const own = (await (await get("/api/dealers", { cookie: session.cookie })).json()) as {
      dealers: { id: string }[];
    };
    const listed = (await (await get("/api/ai-scores?limit=200", { cookie: session.cookie })).json()) as Page;
    expect(listed.items.map((i) => i.dealerId).sort()).toEqual(own.dealers.map((d) => d.id).sort());
  });

  it("refuses bad queries with problem+json naming the parameter", async () => {
    await expectProblem(await get("/api/ai-scores?sort=price"), 400, "sort");
    await expectProblem(await get("/api/ai-scores?limit=0"), 400, "limit");
    await expectProblem(await get("/api/ai-scores?limit=abc"), 400, "limit");
    await expectProblem(await get("/api/ai-scores?colour=red"), 400, "colour");
    await expectProblem(await get("/api/ai-scores?cursor=%%%"), 400, "cursor");
    await expectProblem(await get("/api/ai-scores?cursor=abc"), 400, "cursor");
    await expectProblem(await get("/api/ai-scores?brand=a&brand=b"), 400, "brand");
    await expectProblem(await get("/api/ai-scores", {}), 401);
  });
});

describe("GET /api/ai-scores/:dealerId", () => {
  it("serves one dealer's score with components, trend, ranks, Health index and `days` of history", async () => {
    const id = ids[0] as string;
    const response = await get(`/api/ai-scores/${id}?days=14`);
    expect(response.status).toBe(200);
    const score = (await response.json()) as {
      dealerId: string;
      components: { weight: number }[];
      health: { inputs: unknown[] };
      ranks: { brand: { rank: number } };
      history: { scores: number[] };
    };
    expect(score.dealerId).toBe(id);
    expect(score.components.reduce((sum, c) => sum + c.weight, 0)).toBeCloseTo(1, 6);
    expect(score.health.inputs.length).toBe(4);
    expect(score.ranks.brand.rank).toBeGreaterThanOrEqual(1);
    expect(score.history.scores).toHaveLength(14);
  });

  it("answers 400 for a bad id or `days`, 404 for an unknown dealer, all as problem+json", async () => {
    await expectProblem(await get(`/api/ai-scores/${ids[0]}?days=0`), 400, "days");
    await expectProblem(await get(`/api/ai-scores/${ids[0]}?days=x`), 400, "days");
    await expectProblem(await get(`/api/ai-scores/${ids[0]}?from=1`), 400, "from");
    await expectProblem(await get("/api/ai-scores/dlr%20999"), 400, "dealerId");
    await expectProblem(await get("/api/ai-scores/dlr-99999"), 404, "dlr-99999");
  });

  it("invalidates on a score change: the next answer is recomputed, with a new ETag, and the old ETag gets a 200", async () => {
    const id = ids[1] as string;
    const first = await get(`/api/ai-scores/${id}`);
    const etag = first.headers.get("etag") as string;
    expect((await get(`/api/ai-scores/${id}`, { ...admin, "if-none-match": etag })).status).toBe(304);
    const last = inputs.rows.filter((r) => r.dealerId === id).at(-1);
    if (!last) throw new Error("no rows");
    const update = store.appendRows([{ ...last, aiVisibility: Math.max(0, last.aiVisibility - 30) }]);
    expect(update.changed.map((c) => c.dealerId)).toContain(id);
    const after = await get(`/api/ai-scores/${id}`, { ...admin, "if-none-match": etag });
    expect(after.status).toBe(200);
    expect(after.headers.get("x-cache")).toBe("MISS");
    expect(after.headers.get("etag")).not.toBe(etag);
    expect(((await after.json()) as { score: number }).score).toBe(store.get(id)?.score.score);
  });
});

describe("GET /api/ai-scores/cache", () => {
  it("shows analysts every resource's TTL with hit ratio, change rate and explanation; dealers get 403", async () => {
    await get(`/api/ai-scores/${ids[2]}`);
    await get(`/api/ai-scores/${ids[2]}`);
    const response = await get("/api/ai-scores/cache", analyst);
    expect(response.status).toBe(200);
    const report = (await response.json()) as {
      cache: { hits: number; hitRatio: number };
      bounds: { maxTtlSeconds: number };
      resources: { resource: string; ttlSeconds: number; hitRatio: number; explanation: string }[];
    };
    const decision = report.resources.find((r) => r.resource === `score:${ids[2]}`);
    expect(decision?.ttlSeconds).toBeGreaterThanOrEqual(5);
    expect(decision?.ttlSeconds).toBeLessThanOrEqual(report.bounds.maxTtlSeconds);
    expect(decision?.hitRatio).toBeGreaterThan(0);
    expect(decision?.explanation.length).toBeGreaterThan(10);
    expect(report.cache.hits).toBeGreaterThan(0);
    expect((await get("/api/ai-scores/cache", await key("dealer", [ids[0] as string]))).status).toBe(403);
  });
});

describe("ai-scores feature (Node entry)", () => {
  it("publishes the edge snapshot into the data dir and serves the routes' deps", async () => {
    const bus = createMemoryBus();
    const feature = await startAiScores({
      manifest,
      dataDir: h.dataDir,
      bus,
      logger: silentLogger,
      env: {},
    });
    try {
      const path = join(h.dataDir, SNAPSHOT_FILE);
      expect(existsSync(path)).toBe(true);
      const snapshot = JSON.parse(await readFile(path, "utf8")) as { format: string; dealers: unknown[] };
      expect(snapshot.format).toBe("dai.ai-scores.snapshot");
      expect(snapshot.dealers).toHaveLength(ids.length);
      expect(feature.deps.aiScores?.snapshot?.().writtenAt).not.toBeNull();
    } finally {
      await feature.stop?.();
      await bus.close();
    }
  });
});
