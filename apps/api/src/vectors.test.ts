import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { silentLogger } from "@dai/core";
import type { Dealer } from "@dai/demo-data";
import type { SimilarDealer } from "@dai/vector-engine";
import { createPureBackend, type DealerVectorsFile, updateDealerVectors } from "@dai/vector-engine";
import { beforeAll, describe, expect, it } from "vitest";
import { account, harness, manifest } from "./__tests__/harness.js";
import { startVectors } from "./features/vectors.js";
import { fileVectorsDeps } from "./routes/vectors.js";

const h = await harness();
const dealers = JSON.parse(await readFile(join(h.dataDir, "dealers.json"), "utf8")) as Dealer[];
const h2 = await harness({}, { vectors: fileVectorsDeps(h.dataDir, 0.9) });
let vectors: DealerVectorsFile;

beforeAll(async () => {
  vectors = await updateDealerVectors({
    dataDir: h.dataDir,
    backend: createPureBackend(),
    kMin: 2,
    kMax: 4,
    restarts: 2,
    holdoutDays: 7,
    accuracyTarget: 0.9,
  });
});

const get = async (path: string, cookie: string) => {
  const response = await h2.app.request(path, { headers: { cookie } });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

describe("vectors routes", () => {
  it("routes /api/dealers/:id/similar and /api/dealers/:id/kpis to their own rules and handlers", () => {
    const similar = h2.app.routeTable.match("GET", "/api/dealers/dlr-001/similar");
    const kpis = h2.app.routeTable.match("GET", "/api/dealers/dlr-001/kpis");
    expect(similar?.params).toEqual({ dealerId: "dlr-001" });
    expect(similar?.rule).toMatchObject({ dealerParam: "dealerId" });
    expect(kpis?.params).toEqual({ dealerId: "dlr-001" });
    const paths = h2.app.routeTable.entries.map((e) => e.path);
    expect(paths).toContain("/api/dealers/:dealerId/similar");
    expect(paths).toContain("/api/dealers/:dealerId/kpis");
  });

  it("gives a dealer user similar dealers without any other dealer's id or name, and 404s a dealer outside scope", async () => {
    const dealer = await h2.signIn(account("dealer").email, account("dealer").password);
    const own = dealers[0] as Dealer;
    const { status, body } = await get(`/api/dealers/${own.id}/similar?k=8`, dealer.cookie);
    expect(status).toBe(200);
    const similar = body.similar as SimilarDealer[];
    expect(similar).toHaveLength(8);
    expect(similar.every((entry) => entry.inScope === false)).toBe(true);
    const text = JSON.stringify(body);
    for (const other of dealers.slice(1)) {
      expect(text).not.toContain(`"${other.id}"`);
      expect(text).not.toContain(other.name);
    }
    for (const entry of similar) {
      expect(Object.keys(entry).sort()).toEqual([
        "brand",
        "clusterId",
        "inScope",
        "label",
        "region",
        "similarity",
      ]);
      expect(entry.similarity).toBeLessThanOrEqual(1);
    }
    // Sorted by similarity, most similar first.
    const scores = similar.map((e) => e.similarity);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const cluster = body.cluster as { id: number; recommendedTone: string };
    expect(cluster.id).toBe(vectors.dealers.find((d) => d.dealerId === own.id)?.clusterId);
    expect(cluster.recommendedTone.length).toBeGreaterThan(0);
    const other = await get(`/api/dealers/${dealers[7]?.id}/similar`, dealer.cookie);
    expect(other.status).toBe(404);
  });

  it("names the group's own dealers to a group user and anonymises every dealer outside the group", async () => {
    const group = await h2.signIn(account("group").email, account("group").password);
    const visible = (await get("/api/vectors/clusters", group.cookie)).body.dealers as { dealerId: string }[];
    const mine = new Set(visible.map((d) => d.dealerId));
    expect(mine.size).toBeGreaterThan(1);
    expect(mine.size).toBeLessThan(dealers.length);
    const first = [...mine][0] as string;
    const { body } = await get(`/api/dealers/${first}/similar?k=20`, group.cookie);
    const similar = body.similar as SimilarDealer[];
    expect(similar).toHaveLength(20);
    let named = 0;
    for (const entry of similar) {
      if (entry.inScope) {
        named++;
        expect(mine.has(entry.dealerId)).toBe(true);
      } else expect(entry).not.toHaveProperty("dealerId");
    }
    const text = JSON.stringify(body);
    for (const other of dealers.filter((d) => !mine.has(d.id))) {
      expect(text).not.toContain(`"${other.id}"`);
      expect(text).not.toContain(other.name);
    }
    // Every group member other than the dealer itself is among the 20 nearest or was cut by k.
    expect(named).toBeLessThanOrEqual(mine.size - 1);
  });

  it("names similar dealers to an analyst, who sees every dealer, and applies brand filters and k limits", async () => {
    const analyst = await h2.signIn(account("analyst").email, account("analyst").password);
    const own = dealers[0] as Dealer;
    const { body } = await get(`/api/dealers/${own.id}/similar?k=3`, analyst.cookie);
    const similar = body.similar as SimilarDealer[];
    expect(similar).toHaveLength(3);
    for (const entry of similar) {
      expect(entry.inScope).toBe(true);
      if (entry.inScope) expect(dealers.find((d) => d.id === entry.dealerId)?.name).toBe(entry.name);
    }
    const brand = own.brand;
    const filtered = await get(
      `/api/dealers/${own.id}/similar?k=20&brand=${encodeURIComponent(brand)}`,
      analyst.cookie,
    );
    expect((filtered.body.similar as SimilarDealer[]).every((e) => e.brand === brand)).toBe(true);
    const bad = await get(`/api/dealers/${own.id}/similar?k=500`, analyst.cookie);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain("k");
  });

  it("lists each dealer's cluster within the caller's scope only", async () => {
    const dealer = await h2.signIn(account("dealer").email, account("dealer").password);
    const mine = await get("/api/vectors/clusters", dealer.cookie);
    expect(mine.status).toBe(200);
    expect(mine.body.dealers).toEqual([
      {
        dealerId: dealers[0]?.id,
        name: dealers[0]?.name,
        clusterId: vectors.dealers.find((d) => d.dealerId === dealers[0]?.id)?.clusterId,
      },
    ]);
    expect((mine.body.clusters as unknown[]).length).toBe(vectors.k);
    const admin = await h2.signIn(account("admin").email, account("admin").password);
    const all = await get("/api/vectors/clusters", admin.cookie);
    expect((all.body.dealers as unknown[]).length).toBe(dealers.length);
  });

  it("serves the 2-D map with one point per dealer to analysts and refuses it to dealer users", async () => {
    const analyst = await h2.signIn(account("analyst").email, account("analyst").password);
    const map = await get("/api/vectors/map", analyst.cookie);
    expect(map.status).toBe(200);
    const points = map.body.points as { dealerId: string; x: number; y: number; clusterId: number }[];
    expect(points).toHaveLength(dealers.length);
    expect(new Set(points.map((p) => p.dealerId)).size).toBe(dealers.length);
    expect(points.every((p) => Number.isFinite(p.x) && Number.isFinite(p.y))).toBe(true);
    expect(map.body.target).toBe(0.9);
    const dealer = await h2.signIn(account("dealer").email, account("dealer").password);
    expect((await get("/api/vectors/map", dealer.cookie)).status).toBe(403);
    expect((await get("/api/vectors/runs", dealer.cookie)).status).toBe(403);
  });

  it("serves the run log with the held-out recommendation accuracy and its definition", async () => {
    const admin = await h2.signIn(account("admin").email, account("admin").password);
    const { status, body } = await get("/api/vectors/runs", admin.cookie);
    expect(status).toBe(200);
    const runs = body.runs as { ok: boolean; dealers: number }[];
    expect(runs.at(-1)).toMatchObject({ ok: true, dealers: dealers.length });
    const accuracy = body.accuracy as { definition: string; holdoutFrom: string; target: number };
    expect(accuracy.definition).toContain("held-out");
    expect(accuracy.target).toBe(0.9);
  });

  it("says plainly that no vectors exist yet before the first run", async () => {
    const empty = await harness({}, { vectors: fileVectorsDeps(join(h.dataDir, "nowhere"), 0.9) });
    const analyst = await empty.signIn(account("analyst").email, account("analyst").password);
    const map = await empty.app.request("/api/vectors/map", { headers: { cookie: analyst.cookie } });
    expect(await map.json()).toMatchObject({
      ready: false,
      message: expect.stringContaining("dai vectors update"),
    });
    const similar = await empty.app.request(`/api/dealers/${dealers[0]?.id}/similar`, {
      headers: { cookie: analyst.cookie },
    });
    expect(similar.status).toBe(404);
    expect(similar.headers.get("content-type")).toContain("application/problem+json");
  });

  it("publishes each new run's recommendation accuracy on the pulse stream as the manifest's success metric, once", async () => {
    const seen: { metricId: string; value: number | null; target?: number; status: string }[] = [];
    const off = h.bus.subscribe(["metric.update"], (event) => {
      seen.push(event.data as (typeof seen)[number]);
    });
    const feature = await startVectors({
      manifest,
      dataDir: h.dataDir,
      bus: h.bus,
      logger: silentLogger,
      env: {},
    });
    await feature.stop?.();
    off();
    expect(seen).toHaveLength(1);
    const value = vectors.accuracy.accuracy;
    expect(seen[0]).toMatchObject({ metricId: "recommendation-accuracy", target: 90 });
    expect(seen[0]?.value).toBe(value === null ? null : Math.round(value * 1000) / 10);
    expect(seen[0]?.status).toBe(value === null ? "unknown" : value > 0.9 ? "pass" : "fail");
    expect(feature.deps.vectors?.accuracyTarget).toBe(0.9);
  });
});
