import { existsSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { filterByScope, inScope, SIGNED_IN } from "@dai/auth";
import { DaiError, parseJson } from "@dai/core";
import {
  DEALER_VECTORS_FILE,
  type DealerVectorsFile,
  dealerStore,
  RUN_LOG_FILE,
  type RunLogEntry,
  readDealerVectors,
  type SimilarDealer,
  similarDealers,
  type VectorStore,
} from "@dai/vector-engine";
import { z } from "zod";
import { type GuardedRoutes, param } from "../access.js";
import type { AppDeps } from "../app.js";
import { parseQuery } from "./dealers.js";

const DEALER_DETAIL = { roles: ["admin", "analyst", "dealer"], dealerParam: "dealerId" } as const;
const READERS = { roles: ["admin", "analyst"] } as const;
const NOT_YET = "no dealer vectors yet: they are built by the daily job (dai vectors update)";

/** What the vectors routes need; provided by `features/vectors.ts` in the Node entry, by tests directly. */
export interface VectorsDeps {
  /** The latest `dealer-vectors.json`, or undefined before the first run. */
  vectors(): Promise<DealerVectorsFile | undefined>;
  /** The run log (`vector-runs.json`), oldest first. */
  runs(): Promise<RunLogEntry[]>;
  /** The manifest's recommendation-accuracy target as a share (0.9 for 90%). */
  accuracyTarget: number;
}

/**
 * The vectors files of a data dir, each re-read only when the daily job has rewritten it (mtime).
 *
 * @example const deps = fileVectorsDeps("data", 0.9); const vectors = await deps.vectors();
 */
export function fileVectorsDeps(dataDir: string, accuracyTarget: number): VectorsDeps {
  const vectorsPath = join(dataDir, DEALER_VECTORS_FILE);
  const runsPath = join(dataDir, RUN_LOG_FILE);
  let cachedVectors: { mtimeMs: number; value: DealerVectorsFile } | undefined;
  let cachedRuns: { mtimeMs: number; value: RunLogEntry[] } | undefined;
  return {
    accuracyTarget,
    async vectors() {
      if (!existsSync(vectorsPath)) return undefined;
      const { mtimeMs } = await stat(vectorsPath);
      if (cachedVectors?.mtimeMs !== mtimeMs)
        cachedVectors = { mtimeMs, value: await readDealerVectors(dataDir) };
      return cachedVectors.value;
    },
    async runs() {
      if (!existsSync(runsPath)) return [];
      const { mtimeMs } = await stat(runsPath);
      if (cachedRuns?.mtimeMs !== mtimeMs) {
        const value = parseJson(await readFile(runsPath, "utf8"), runsPath);
        if (!Array.isArray(value))
          throw new DaiError("vectors_corrupt", `${runsPath}: expected an array of runs`, { status: 422 });
        cachedRuns = { mtimeMs, value: value as RunLogEntry[] };
      }
      return cachedRuns.value;
    },
  };
}

const similarQuery = z.strictObject({
  k: z.coerce.number({ error: "expected an integer 1–20" }).int().min(1).max(20).optional(),
  brand: z.string().max(60).optional(),
  region: z.string().max(60).optional(),
});

function clusterView(cluster: DealerVectorsFile["clusters"][number] | undefined) {
  if (!cluster) return null;
  return {
    id: cluster.id,
    size: cluster.size,
    recommendedTone: cluster.recommendedTone,
    toneApproval: cluster.toneApproval,
    ...("toneSource" in cluster ? { toneSource: cluster.toneSource } : {}),
  };
}

function accuracyView(vectors: DealerVectorsFile, target: number) {
  const { accuracy } = vectors;
  return {
    ...accuracy,
    target,
    meetsTarget: accuracy.accuracy === null ? null : accuracy.accuracy > target,
  };
}

/**
 * `GET /api/dealers/:dealerId/similar` (dealers most alike in behaviour; anonymised outside the
 * caller's scope), `GET /api/vectors/clusters` (each visible dealer's cluster and every cluster's
 * recommended tone), `GET /api/vectors/map` (the 2-D projection, admin/analyst) and
 * `GET /api/vectors/runs` (the daily job's log and the recommendation accuracy, admin/analyst).
 */
export function vectorsRoutes(routes: GuardedRoutes, deps: AppDeps) {
  const vectors = deps.vectors;
  if (!vectors) return;
  // One search store per vectors file (the daily job replaces the file, and with it the store).
  const stores = new WeakMap<DealerVectorsFile, VectorStore>();
  const storeOf = (file: DealerVectorsFile) => {
    let store = stores.get(file);
    if (!store) {
      store = dealerStore(file);
      stores.set(file, store);
    }
    return store;
  };

  routes.get("/api/dealers/:dealerId/similar", DEALER_DETAIL, async (c) => {
    const principal = c.get("principal");
    if (!principal) throw new DaiError("unauthenticated", "sign in", { status: 401 });
    const query = parseQuery(similarQuery, c.req.query());
    const dealerId = param(c, "dealerId");
    const file = await vectors.vectors();
    if (!file) throw new DaiError("vectors_missing", NOT_YET, { status: 404 });
    const self = file.dealers.find((d) => d.dealerId === dealerId);
    if (!self)
      throw new DaiError("not_found", `dealer "${dealerId}" was not in the last vectors run`, {
        status: 404,
      });
    const byId = new Map(file.dealers.map((d) => [d.dealerId, d]));
    const hits = await similarDealers(file, dealerId, {
      k: query.k ?? 5,
      ...(query.brand ? { brand: query.brand } : {}),
      ...(query.region ? { region: query.region } : {}),
      store: storeOf(file),
    });
    const similar: SimilarDealer[] = hits.map((hit) => {
      const other = byId.get(hit.id) as DealerVectorsFile["dealers"][number];
      const similarity = Math.round(hit.score * 1e4) / 1e4;
      if (inScope(principal, other.dealerId)) {
        return {
          inScope: true,
          dealerId: other.dealerId,
          name: other.name,
          brand: other.brand,
          region: other.region,
          clusterId: other.clusterId,
          similarity,
        };
      }
      return {
        inScope: false,
        label: `A ${other.brand} dealer in ${other.region}`,
        brand: other.brand,
        region: other.region,
        clusterId: other.clusterId,
        similarity,
      };
    });
    return c.json({
      dealerId,
      generatedAt: file.generatedAt,
      cluster: clusterView(file.clusters.find((cl) => cl.id === self.clusterId)),
      similar,
    });
  });

  routes.get("/api/vectors/clusters", SIGNED_IN, async (c) => {
    const principal = c.get("principal");
    if (!principal) throw new DaiError("unauthenticated", "sign in", { status: 401 });
    const file = await vectors.vectors();
    if (!file) return c.json({ ready: false, message: NOT_YET, clusters: [], dealers: [] });
    const visible = filterByScope(principal, file.dealers, (d) => d.dealerId);
    return c.json({
      ready: true,
      generatedAt: file.generatedAt,
      k: file.k,
      clusters: file.clusters.map(clusterView),
      dealers: visible.map((d) => ({ dealerId: d.dealerId, name: d.name, clusterId: d.clusterId })),
    });
  });

  routes.get("/api/vectors/map", READERS, async (c) => {
    const file = await vectors.vectors();
    if (!file) return c.json({ ready: false, message: NOT_YET, target: vectors.accuracyTarget });
    return c.json({
      ready: true,
      generatedAt: file.generatedAt,
      asOf: file.asOf,
      modelVersion: file.modelVersion,
      backend: file.backend,
      k: file.k,
      silhouette: file.silhouette,
      target: vectors.accuracyTarget,
      accuracy: accuracyView(file, vectors.accuracyTarget),
      clusters: file.clusters.map((cl) => ({ ...clusterView(cl), center: cl.center2d })),
      points: file.dealers.map((d) => ({
        dealerId: d.dealerId,
        name: d.name,
        brand: d.brand,
        region: d.region,
        clusterId: d.clusterId,
        x: d.map[0],
        y: d.map[1],
      })),
    });
  });

  routes.get("/api/vectors/runs", READERS, async (c) => {
    const [runs, file] = await Promise.all([vectors.runs(), vectors.vectors()]);
    return c.json({
      target: vectors.accuracyTarget,
      runs: runs.slice(-60),
      accuracy: file ? accuracyView(file, vectors.accuracyTarget) : null,
    });
  });
}
