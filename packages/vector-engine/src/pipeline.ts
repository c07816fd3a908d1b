import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { DaiError, type Progress, silentProgress, writeJsonAtomic } from "@dai/core";
import {
  type ClusterToneStats,
  evaluateRecommendations,
  type RecommendationAccuracy,
  recommendTones,
} from "./accuracy.js";
import type { ComputeBackend } from "./backend/types.js";
import { type BehaviourData, readBehaviourData } from "./demo-input.js";
import { extractFeatures, FEATURE_NAMES, FEATURES } from "./features.js";
import { stableClusterIds } from "./hungarian.js";
import { exportEmbeddingModel, loadEmbeddingModel } from "./model.js";
import { fitPca } from "./pca.js";
import { appendRunLog } from "./run-log.js";
import { chooseK } from "./silhouette.js";
import { type TwinSlotResult, writeTwinEmbeddings } from "./twin-slot.js";

export const DEALER_VECTORS_FILE = "dealer-vectors.json";
const DAY = 86_400_000;

export interface UpdateVectorsOptions {
  dataDir: string;
  backend: ComputeBackend;
  /** Why the fast backend is not in use, recorded in the run log. */
  fallbackReason?: string;
  /** Cluster-count bounds (the manifest's, passed in by the caller). Default 2–8. */
  kMin?: number;
  kMax?: number;
  /** Embedding width. Default 8 (capped by the number of features). */
  dim?: number;
  /** Days of KPI history summarised per dealer. Default 90. */
  kpiWindowDays?: number;
  /** Most recent days of Copilot feedback held out to measure recommendation accuracy. Default 28. */
  holdoutDays?: number;
  /** The success-metric target for recommendation accuracy (0–1), e.g. 0.9 from the manifest. */
  accuracyTarget?: number;
  restarts?: number;
  seed?: number;
  /**
   * The Copilot tone weights that apply to a dealer (tone-trainer's `weightsFor(file, cluster)`), when
   * a weights file exists. A cluster's recommended tone is then the highest of its members' mean
   * weights; without it (or for a cluster none of whose dealers has weights) the tone with the best
   * thumbs-up rate in the cluster's own feedback is recommended.
   */
  toneWeightsFor?: (dealerId: string) => Readonly<Record<string, number>> | undefined;
  progress?: Progress;
  now?: () => Date;
}

export interface DealerVectorsFile {
  schema: 1;
  generatedAt: string;
  /** Exclusive end of the data used: the day after the last KPI row. */
  asOf: string;
  modelVersion: number;
  backend: string;
  dim: number;
  k: number;
  silhouette: number;
  kScores: { k: number; silhouette: number; inertia: number }[];
  features: { name: string; description: string }[];
  clusters: {
    id: number;
    size: number;
    recommendedTone: string;
    /** Where the recommendation came from: tone-trainer's weights, or the cluster's feedback directly. */
    toneSource: "tone-weights" | "feedback";
    /** Mean tone-trainer weight per tone over the cluster's dealers (present with `tone-weights`). */
    toneWeights?: Record<string, number>;
    toneApproval: Record<string, number>;
    center2d: [number, number];
  }[];
  dealers: {
    dealerId: string;
    name: string;
    brand: string;
    region: string;
    clusterId: number;
    embedding: number[];
    map: [number, number];
  }[];
  accuracy: RecommendationAccuracy;
  /** What happened to the dealer twins' embedding slots (`dealer-twins.ndjson`). */
  twins: TwinSlotResult;
}

/**
 * The daily job: features → standardise + PCA (exported as a versioned ONNX model and re-loaded) →
 * k-means with k by silhouette → stable cluster ids → per-cluster tone recommendation and its held-out
 * accuracy; writes `dealer-vectors.json` and appends to `vector-runs.json`. A failure is logged and
 * leaves the previous `dealer-vectors.json` in place.
 *
 * @example const result = await updateDealerVectors({ dataDir: "data", backend, accuracyTarget: 0.9 });
 */
export async function updateDealerVectors(options: UpdateVectorsOptions): Promise<DealerVectorsFile> {
  const now = options.now ?? (() => new Date());
  const started = now();
  try {
    const result = await run(options, now);
    await appendRunLog(options.dataDir, {
      ...logBase(options, started, now()),
      ok: true,
      dealers: result.dealers.length,
      k: result.k,
      silhouette: result.silhouette,
      modelVersion: result.modelVersion,
      accuracy: result.accuracy.accuracy,
      accuracyTarget: result.accuracy.target,
      twinsUpdated: result.twins.updated,
    });
    return result;
  } catch (error) {
    await appendRunLog(options.dataDir, {
      ...logBase(options, started, now()),
      ok: false,
      error: (error as Error).message,
    }).catch(() => {});
    throw error;
  }
}

async function run(options: UpdateVectorsOptions, now: () => Date): Promise<DealerVectorsFile> {
  const progress = options.progress ?? silentProgress;
  const { backend, dataDir } = options;
  const kMin = options.kMin ?? 2;
  const kMax = options.kMax ?? 8;
  const holdoutDays = options.holdoutDays ?? 28;
  const kpiWindow = (options.kpiWindowDays ?? 90) * DAY;
  const target = options.accuracyTarget ?? null;
  if (target !== null && !(target >= 0 && target <= 1)) {
    throw new DaiError("invalid_option", `accuracyTarget: expected a share 0–1, got ${target}`, {
      field: "accuracyTarget",
    });
  }
  const clusterOptions = { restarts: options.restarts ?? 10, seed: options.seed ?? 42, backend };

  progress.start("reading demo data");
  const data = await readBehaviourData(dataDir);
  if (data.dealers.length < kMin + 1) {
    throw new DaiError("too_few_dealers", `${data.dealers.length} dealers cannot form ${kMin}+ clusters`, {
      status: 422,
    });
  }
  const asOf = dataEnd(data);
  let eventsFrom = asOf;
  for (const event of data.events) eventsFrom = Math.min(eventsFrom, Date.parse(event.timestamp) || asOf);
  progress.finish(
    `${data.dealers.length} dealers, ${data.kpis.length} KPI rows, ${data.events.length} events`,
  );

  progress.start("measuring recommendation accuracy (train before the hold-out window)", 2);
  const holdoutFrom = asOf - holdoutDays * DAY;
  const trainWindow = {
    eventsFrom,
    eventsTo: holdoutFrom,
    kpisFrom: holdoutFrom - kpiWindow,
    kpisTo: holdoutFrom,
  };
  const trainModel = await embedAndCluster(data, trainWindow, options, kMin, kMax, clusterOptions);
  progress.update(1);
  const trainClusterOf = new Map(
    data.dealers.map((d, i) => [d.id, trainModel.clustering.best.labels[i] as number]),
  );
  const trainRecs = recommendTones(data.events, trainClusterOf, eventsFrom, holdoutFrom);
  const accuracy = evaluateRecommendations(data.events, trainClusterOf, trainRecs, holdoutFrom, asOf, target);
  progress.finish(
    accuracy.accuracy === null ? "no held-out feedback" : `accuracy ${(100 * accuracy.accuracy).toFixed(1)}%`,
  );

  progress.start("embedding and clustering dealers", 3);
  const window = { eventsFrom, eventsTo: asOf, kpisFrom: asOf - kpiWindow, kpisTo: asOf };
  const features = extractFeatures(data.dealers, data.kpis, data.events, window);
  const n = data.dealers.length;
  const fit = fitPca(features, n, FEATURES.length, Math.min(options.dim ?? 8, FEATURES.length));
  const exported = await exportEmbeddingModel(dataDir, fit, FEATURE_NAMES, now());
  const model = await loadEmbeddingModel(dataDir);
  const embedding = await model.embed(features, n, backend);
  progress.update(1);
  const clustering = await chooseK(embedding, n, fit.outputDim, kMin, kMax, clusterOptions);
  progress.update(2);
  const previous = await readPreviousClusters(dataDir);
  const { best } = clustering;
  const ids = stableClusterIds(
    data.dealers.map((d) => d.id),
    best.labels,
    best.k,
    previous,
  );
  const clusterOf = new Map(data.dealers.map((d, i) => [d.id, ids[best.labels[i] as number] as number]));
  const recs = recommendTones(data.events, clusterOf, eventsFrom, asOf);
  progress.finish(
    `k = ${best.k} (silhouette ${clustering.scores.find((s) => s.k === best.k)?.silhouette.toFixed(3)})`,
  );

  const dim = fit.outputDim;
  const dealers = data.dealers.map((d, i) => ({
    dealerId: d.id,
    name: d.name ?? d.id,
    brand: d.brand,
    region: d.region,
    clusterId: clusterOf.get(d.id) as number,
    embedding: Array.from(embedding.subarray(i * dim, (i + 1) * dim), round),
    // PCA components are ordered by variance, so the first two embedding axes are the 2-D map.
    map: [round(embedding[i * dim] as number), round(dim > 1 ? (embedding[i * dim + 1] as number) : 0)] as [
      number,
      number,
    ],
  }));
  const result: DealerVectorsFile = {
    schema: 1,
    generatedAt: now().toISOString(),
    asOf: new Date(asOf).toISOString(),
    modelVersion: exported.version,
    backend: backend.name,
    dim,
    k: best.k,
    silhouette: clustering.scores.find((s) => s.k === best.k)?.silhouette ?? 0,
    kScores: clustering.scores,
    features: FEATURES.map((f) => ({ ...f })),
    clusters: [...new Set(ids)]
      .sort((a, b) => a - b)
      .map((id) => clusterSummary(id, dealers, recs.get(id), options.toneWeightsFor)),
    dealers,
    accuracy,
    twins: { updated: 0, cleared: 0, written: false },
  };
  // The twins first: if their file cannot be rewritten, the run fails and the previous vectors stay.
  result.twins = await writeTwinEmbeddings(dataDir, new Map(dealers.map((d) => [d.dealerId, d.embedding])));
  await writeJsonAtomic(join(dataDir, DEALER_VECTORS_FILE), result);
  return result;
}

async function embedAndCluster(
  data: BehaviourData,
  window: { eventsFrom: number; eventsTo: number; kpisFrom: number; kpisTo: number },
  options: UpdateVectorsOptions,
  kMin: number,
  kMax: number,
  clusterOptions: { restarts: number; seed: number; backend: ComputeBackend },
) {
  const n = data.dealers.length;
  const features = extractFeatures(data.dealers, data.kpis, data.events, window);
  const fit = fitPca(features, n, FEATURES.length, Math.min(options.dim ?? 8, FEATURES.length));
  const embedding = await options.backend.project(features, n, fit);
  return { fit, clustering: await chooseK(embedding, n, fit.outputDim, kMin, kMax, clusterOptions) };
}

function clusterSummary(
  id: number,
  dealers: DealerVectorsFile["dealers"],
  stats: ClusterToneStats | undefined,
  toneWeightsFor: UpdateVectorsOptions["toneWeightsFor"],
): DealerVectorsFile["clusters"][number] {
  const members = dealers.filter((d) => d.clusterId === id);
  const center = members.reduce(
    (sum, d) => [sum[0] + d.map[0] / members.length, sum[1] + d.map[1] / members.length] as [number, number],
    [0, 0] as [number, number],
  );
  const weights = meanToneWeights(
    members.map((d) => toneWeightsFor?.(d.dealerId)).filter((w) => w !== undefined),
  );
  let weighted: string | undefined;
  if (weights)
    for (const [tone, w] of Object.entries(weights))
      if (!weighted || w > (weights[weighted] as number)) weighted = tone;
  return {
    id,
    size: members.length,
    recommendedTone: weighted ?? stats?.recommended ?? "professional",
    toneSource: weighted ? "tone-weights" : "feedback",
    ...(weights ? { toneWeights: weights } : {}),
    toneApproval: Object.fromEntries(
      Object.entries(stats?.approval ?? {}).map(([tone, value]) => [tone, round(value)]),
    ),
    center2d: [round(center[0]), round(center[1])],
  };
}

/** Mean weight per tone over several dealers' weight sets; undefined when there are none. */
function meanToneWeights(
  sets: readonly Readonly<Record<string, number>>[],
): Record<string, number> | undefined {
  if (sets.length === 0) return undefined;
  const sum: Record<string, number> = {};
  for (const set of sets)
    for (const [tone, weight] of Object.entries(set))
      if (Number.isFinite(weight)) sum[tone] = (sum[tone] ?? 0) + weight / sets.length;
  const tones = Object.keys(sum);
  return tones.length
    ? Object.fromEntries(tones.map((tone) => [tone, round(sum[tone] as number)]))
    : undefined;
}

/** The end of the data: the day after the last KPI row (or the last event, if later). */
function dataEnd(data: BehaviourData): number {
  let end = 0;
  for (const row of data.kpis) end = Math.max(end, Date.parse(row.date) + DAY);
  for (const event of data.events) end = Math.max(end, Date.parse(event.timestamp) + 1);
  if (!(end > 0))
    throw new DaiError("invalid_data", "the data set has no dated KPI rows or events", { status: 422 });
  return end;
}

async function readPreviousClusters(dataDir: string): Promise<Map<string, number>> {
  try {
    const previous = JSON.parse(
      await readFile(join(dataDir, DEALER_VECTORS_FILE), "utf8"),
    ) as DealerVectorsFile;
    return new Map(previous.dealers.map((d) => [d.dealerId, d.clusterId]));
  } catch {
    // First run, or an unreadable file: ids start from 0.
    return new Map();
  }
}

function logBase(options: UpdateVectorsOptions, started: Date, finished: Date) {
  return {
    startedAt: started.toISOString(),
    finishedAt: finished.toISOString(),
    durationMs: finished.getTime() - started.getTime(),
    backend: options.backend.name,
    ...(options.fallbackReason === undefined ? {} : { fallbackReason: options.fallbackReason }),
  };
}

const round = (value: number) => Math.round(value * 1e6) / 1e6;
