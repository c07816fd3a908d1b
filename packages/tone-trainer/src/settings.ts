import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { DaiError, parseJson, resolveManifestPath } from "@dai/core";
import { loadManifest, type Manifest, meetsTarget, successMetric, toneFloor } from "@dai/manifest-schema";

/** What the manifest decides for the tone trainer: the floor and the half-life. */
export interface ToneSettings {
  readonly floor: number;
  readonly halfLifeDays: number | undefined;
}

/**
 * The floor (minWeight) and decay half-life from `scripts.trainToneModel.algorithm`.
 *
 * @example toneSettings(await loadManifest()) // { floor: 0.1, halfLifeDays: 14 }
 */
export function toneSettings(manifest: Manifest): ToneSettings {
  return {
    floor: toneFloor(manifest),
    halfLifeDays: manifest.scripts.trainToneModel.algorithm?.halfLifeDays,
  };
}

/** The Copilot Positive Sentiment metric as the mood report compares against it. */
export function sentimentTarget(manifest: Manifest) {
  const metric = successMetric(manifest, "copilot-positive-sentiment");
  return {
    id: metric.id,
    target: metric.target,
    label: metric.targetLabel,
    meets: (value: number) => meetsTarget(metric, value),
  };
}

/** The manifest for a command context (MANIFEST_PATH or the project's). */
export function loadContextManifest(env: Readonly<Record<string, string | undefined>>, cwd: string) {
  return loadManifest(resolveManifestPath(env, cwd));
}

/**
 * Dealer → cluster. `file` is a JSON object { dealerId: cluster } or an array of dealers with
 * `id` and `segment`/`cluster` (dealers.json). Without a file, `<dataDir>/dealers.json`'s segments are
 * used when present; `"none"` switches clusters off.
 */
export async function loadClusters(
  file: string | undefined,
  dataDir: string,
): Promise<((dealerId: string) => string | undefined) | undefined> {
  if (file === "none") return undefined;
  const path = file ?? join(dataDir, "dealers.json");
  if (file === undefined && !existsSync(path)) return undefined;
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new DaiError(
      "clusters_not_found",
      `--clusters: cannot read ${path}: ${(error as NodeJS.ErrnoException).code}`,
      {
        status: 404,
        field: "clusters",
      },
    );
  }
  const document = parseJson(text, path);
  const map = new Map<string, string>();
  if (Array.isArray(document)) {
    document.forEach((dealer, index) => {
      const { id, cluster, segment } = (dealer ?? {}) as Record<string, unknown>;
      const value = cluster ?? segment;
      if (typeof id !== "string" || (typeof value !== "string" && typeof value !== "number")) {
        throw new DaiError("invalid_clusters", `${path} [${index}]: expected { id, cluster | segment }`, {
          status: 422,
          field: "clusters",
        });
      }
      map.set(id, String(value));
    });
  } else if (typeof document === "object" && document !== null) {
    for (const [id, value] of Object.entries(document)) {
      if (typeof value !== "string" && typeof value !== "number") {
        throw new DaiError(
          "invalid_clusters",
          `${path} ${id}: expected a cluster name, got ${JSON.stringify(value)}`,
          {
            status: 422,
            field: "clusters",
          },
        );
      }
      map.set(id, String(value));
    }
  } else {
    throw new DaiError("invalid_clusters", `${path}: expected an object or an array of dealers`, {
      status: 422,
    });
  }
  return (dealerId) => map.get(dealerId);
}
