import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { DaiError, writeFileAtomic } from "@dai/core";
import type { ComputeBackend } from "./backend/types.js";
import { type Metadata, type Metric, VectorStore } from "./store.js";

const MAGIC = "DAIVEC01";
const FORMAT_VERSION = 1;

interface Header {
  format: number;
  dim: number;
  metric: Metric;
  count: number;
  ids: string[];
  metadata: Metadata[];
  /** sha256 of the float32 payload, so a truncated or bit-flipped file is refused. */
  sha256: string;
}

/**
 * Writes the store to one file atomically: `DAIVEC01`, a little-endian u32 header length, the JSON
 * header (ids, metadata, checksum), zero padding to 4 bytes, then the float32 rows.
 *
 * @example await saveStore(store, "data/dealer-vectors.bin")
 */
export async function saveStore(store: VectorStore, path: string): Promise<void> {
  const vectors = store.vectors;
  const payload = new Uint8Array(vectors.buffer, vectors.byteOffset, vectors.byteLength);
  const header: Header = {
    format: FORMAT_VERSION,
    dim: store.dim,
    metric: store.metric,
    count: store.size,
    ids: [...store.ids],
    metadata: store.ids.map((id) => store.get(id)?.metadata ?? {}),
    sha256: createHash("sha256").update(payload).digest("hex"),
  };
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  const start = align4(MAGIC.length + 4 + headerBytes.length);
  const file = new Uint8Array(start + payload.length);
  file.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(file.buffer).setUint32(MAGIC.length, headerBytes.length, true);
  file.set(headerBytes, MAGIC.length + 4);
  file.set(payload, start);
  await writeFileAtomic(path, file);
}

/** Reads a store written by `saveStore`; a missing, foreign, truncated or corrupt file is a clear error. */
export async function loadStore(path: string, backend?: ComputeBackend): Promise<VectorStore> {
  let file: Buffer;
  try {
    file = await readFile(path);
  } catch (error) {
    throw new DaiError(
      "store_missing",
      `${path}: cannot read the vector store (${(error as NodeJS.ErrnoException).code ?? "error"})`,
      {
        status: 404,
        cause: error,
      },
    );
  }
  const corrupt = (why: string) =>
    new DaiError("store_corrupt", `${path}: not a valid vector store: ${why}`, { status: 422 });
  if (file.length < MAGIC.length + 4 || file.toString("latin1", 0, MAGIC.length) !== MAGIC)
    throw corrupt("wrong magic bytes");
  const headerLength = file.readUInt32LE(MAGIC.length);
  if (MAGIC.length + 4 + headerLength > file.length) throw corrupt("header runs past the end of the file");
  let header: Header;
  try {
    header = JSON.parse(file.toString("utf8", MAGIC.length + 4, MAGIC.length + 4 + headerLength)) as Header;
  } catch {
    throw corrupt("header is not JSON");
  }
  if (header.format !== FORMAT_VERSION) throw corrupt(`format ${header.format} is not ${FORMAT_VERSION}`);
  if (!Array.isArray(header.ids) || header.ids.length !== header.count)
    throw corrupt("id list does not match the count");
  const start = align4(MAGIC.length + 4 + headerLength);
  const bytes = header.count * header.dim * 4;
  if (file.length !== start + bytes) throw corrupt(`expected ${start + bytes} bytes, found ${file.length}`);
  const payload = file.subarray(start);
  if (createHash("sha256").update(payload).digest("hex") !== header.sha256)
    throw corrupt("checksum mismatch");
  const store = new VectorStore({
    dim: header.dim,
    metric: header.metric,
    capacity: header.count,
    ...(backend === undefined ? {} : { backend }),
  });
  const rows = new Float32Array(payload.buffer.slice(payload.byteOffset, payload.byteOffset + bytes));
  for (let i = 0; i < header.count; i++) {
    store.add(
      header.ids[i] as string,
      rows.subarray(i * header.dim, (i + 1) * header.dim),
      header.metadata[i] ?? {},
    );
  }
  return store;
}

function align4(n: number): number {
  return (n + 3) & ~3;
}
