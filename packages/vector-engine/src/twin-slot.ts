import { createReadStream, existsSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { DaiError, writeNdjsonAtomic } from "@dai/core";

/** The dealer twins file (`@dai/dealer-twin`'s `TWIN_FILES.twins`): one JSON twin per line. */
export const TWINS_FILE = "dealer-twins.ndjson";

export interface TwinSlotResult {
  /** Twins whose `embedding` slot was written. */
  updated: number;
  /** Twins with no embedding in this run (their slot is set to null). */
  cleared: number;
  /** False when there is no twins file yet (the twin job has not run): nothing was written. */
  written: boolean;
}

/**
 * Writes each dealer's behaviour embedding into its twin's `embedding` slot in `dealer-twins.ndjson`,
 * streaming line by line and replacing the file atomically (a failure leaves the old file). A twin
 * without an embedding in this run gets `null`, so no stale vector outlives its model version.
 *
 * @example await writeTwinEmbeddings("data", new Map([["dlr-001", [0.1, -0.4]]]));
 */
export async function writeTwinEmbeddings(
  dataDir: string,
  embeddings: ReadonlyMap<string, readonly number[]>,
): Promise<TwinSlotResult> {
  const path = join(dataDir, TWINS_FILE);
  if (!existsSync(path)) return { updated: 0, cleared: 0, written: false };
  let updated = 0;
  let cleared = 0;
  async function* twins() {
    let line = 0;
    const input = createReadStream(path, { encoding: "utf8" });
    for await (const text of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
      line++;
      if (text.trim() === "") continue;
      let twin: Record<string, unknown>;
      try {
        twin = JSON.parse(text) as Record<string, unknown>;
      } catch (error) {
        throw new DaiError("invalid_twins", `${path}:${line}: not valid JSON (${(error as Error).message})`, {
          status: 422,
          cause: error,
        });
      }
      if (twin === null || typeof twin !== "object" || typeof twin.dealerId !== "string") {
        throw new DaiError("invalid_twins", `${path}:${line}: a twin needs a string "dealerId"`, {
          status: 422,
          field: "dealerId",
        });
      }
      const embedding = embeddings.get(twin.dealerId);
      if (embedding) updated++;
      else cleared++;
      yield { ...twin, embedding: embedding ? [...embedding] : null };
    }
  }
  await writeNdjsonAtomic(path, twins());
  return { updated, cleared, written: true };
}
