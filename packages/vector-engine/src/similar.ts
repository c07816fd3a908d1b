import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { DaiError, parseJson } from "@dai/core";
import type { ComputeBackend } from "./backend/types.js";
import { DEALER_VECTORS_FILE, type DealerVectorsFile } from "./pipeline.js";
import { type Hit, VectorStore } from "./store.js";

/**
 * Reads `dealer-vectors.json` (written by `dai vectors update`); missing → 404, malformed → 422.
 *
 * @example const vectors = await readDealerVectors("data"); vectors.dealers[0].clusterId
 */
export async function readDealerVectors(dataDir: string): Promise<DealerVectorsFile> {
  const path = join(dataDir, DEALER_VECTORS_FILE);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new DaiError("vectors_missing", `${path}: no dealer vectors yet; run \`dai vectors update\``, {
      status: 404,
      cause: error,
    });
  }
  let parsed: DealerVectorsFile;
  try {
    parsed = parseJson(text, path) as DealerVectorsFile;
  } catch (error) {
    throw new DaiError("vectors_corrupt", (error as Error).message, { status: 422, cause: error });
  }
  if (parsed?.schema !== 1 || !Array.isArray(parsed.dealers)) {
    throw new DaiError("vectors_corrupt", `${path}: expected schema 1 with a dealers array`, { status: 422 });
  }
  return parsed;
}

/** A cosine store of every dealer's embedding with brand, region and cluster as filterable metadata. */
export function dealerStore(vectors: DealerVectorsFile, backend?: ComputeBackend): VectorStore {
  const store = new VectorStore({
    dim: vectors.dim,
    metric: "cosine",
    capacity: vectors.dealers.length,
    ...(backend ? { backend } : {}),
  });
  for (const d of vectors.dealers) {
    const metadata = { brand: d.brand, region: d.region, cluster: String(d.clusterId), name: d.name };
    // A dealer with no activity embeds to the origin; it has no direction to compare and is left out.
    if (d.embedding.some((v) => v !== 0)) store.add(d.dealerId, d.embedding, metadata);
  }
  return store;
}

/**
 * One similar dealer as a viewer may see it: in the viewer's scope with its id and name; outside it
 * anonymised to aggregate facts (no id, no name). The API's `GET /api/dealers/:id/similar` answers
 * these and the dashboard reads them.
 */
export type SimilarDealer =
  | {
      inScope: true;
      dealerId: string;
      name: string;
      brand: string;
      region: string;
      clusterId: number;
      similarity: number;
    }
  | { inScope: false; label: string; brand: string; region: string; clusterId: number; similarity: number };

export interface SimilarOptions {
  k?: number;
  brand?: string;
  region?: string;
  backend?: ComputeBackend;
  /** `dealerStore(vectors)` kept by a caller that searches the same file repeatedly (an API). */
  store?: VectorStore;
}

/**
 * The dealers whose behaviour embeddings are closest (cosine) to `dealerId`'s, excluding itself.
 *
 * @example const hits = await similarDealers(vectors, "dlr-001", { k: 5, region: "West" });
 */
export async function similarDealers(
  vectors: DealerVectorsFile,
  dealerId: string,
  options: SimilarOptions = {},
): Promise<Hit[]> {
  const store = options.store ?? dealerStore(vectors, options.backend);
  const self = store.get(dealerId);
  if (self === undefined) {
    const known = vectors.dealers.some((d) => d.dealerId === dealerId);
    throw new DaiError(
      "not_found",
      known
        ? `dealer "${dealerId}" has no behaviour yet to compare`
        : `dealer "${dealerId}" is not in ${DEALER_VECTORS_FILE}`,
      {
        status: 404,
        field: "dealerId",
      },
    );
  }
  const filter: Record<string, string> = {};
  if (options.brand) filter.brand = options.brand;
  if (options.region) filter.region = options.region;
  return store.search(self.vector, { k: options.k ?? 5, filter, exclude: [dealerId] });
}
