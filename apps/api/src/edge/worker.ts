// The edge entry of the scores API: Web APIs only (no Node built-in, no native module, no @dai/core
// runtime). Bundled by esbuild (`bundleEdgeWorker`) into one ES module for workerd / Cloudflare Workers.
import { createEdgeHandler, problemResponse, SnapshotReader } from "@dai/ai-scores/edge";

/** Bindings the worker reads (wrangler `vars`/`text_blobs`/secrets, or workerd config bindings). */
export interface EdgeEnv {
  /** The snapshot JSON itself (a text binding), as `dai scores snapshot` or the Node feature writes it. */
  SNAPSHOT?: string;
  /** Or where to fetch it from; re-fetched after `SNAPSHOT_TTL_SECONDS` (default 60), with its ETag. */
  SNAPSHOT_URL?: string;
  SNAPSHOT_TTL_SECONDS?: string;
  /**
   * When set, callers must send `Authorization: Bearer <key>`. The edge serves every dealer's score,
   * like an analyst: give this key only to machines allowed to see all scores (a CDN, a partner).
   */
  EDGE_API_KEY?: string;
}

interface Loaded {
  reader: SnapshotReader;
  etag: string | null;
  fetchedAt: number;
}

let fromText: { text: string; reader: SnapshotReader } | undefined;
let fromUrl: Loaded | undefined;

async function readerFor(env: EdgeEnv): Promise<SnapshotReader> {
  if (env.SNAPSHOT !== undefined) {
    if (fromText?.text !== env.SNAPSHOT)
      fromText = { text: env.SNAPSHOT, reader: new SnapshotReader(env.SNAPSHOT) };
    return fromText.reader;
  }
  if (env.SNAPSHOT_URL === undefined) throw new Error("no SNAPSHOT or SNAPSHOT_URL binding");
  const ttlMs = Number(env.SNAPSHOT_TTL_SECONDS ?? "60") * 1000;
  const now = Date.now();
  if (fromUrl && now - fromUrl.fetchedAt < ttlMs) return fromUrl.reader;
  try {
    const response = await fetch(env.SNAPSHOT_URL, {
      headers: fromUrl?.etag ? { "if-none-match": fromUrl.etag } : {},
    });
    if (response.status === 304 && fromUrl) {
      fromUrl.fetchedAt = now;
      return fromUrl.reader;
    }
    if (!response.ok) throw new Error(`snapshot fetch answered ${response.status}`);
    fromUrl = {
      reader: new SnapshotReader(await response.text()),
      etag: response.headers.get("etag"),
      fetchedAt: now,
    };
  } catch (error) {
    // Keep serving the last good snapshot rather than failing every request.
    if (fromUrl) return fromUrl.reader;
    throw error;
  }
  return fromUrl.reader;
}

/** Constant-time string comparison (Web APIs only). */
function sameKey(presented: string, expected: string): boolean {
  const a = new TextEncoder().encode(presented);
  const b = new TextEncoder().encode(expected);
  let diff = a.length ^ b.length;
  for (let i = 0; i < b.length; i++) diff |= (a[i] ?? 0) ^ (b[i] as number);
  return diff === 0;
}

export default {
  async fetch(request: Request, env: EdgeEnv): Promise<Response> {
    if (env.EDGE_API_KEY) {
      const presented = (request.headers.get("authorization") ?? "").replace(/^Bearer\s+/i, "");
      if (!sameKey(presented, env.EDGE_API_KEY)) {
        const refused = problemResponse(401, "invalid_api_key", "send the edge API key as a Bearer token");
        return new Response(refused.body, {
          status: 401,
          headers: { ...refused.headers, "www-authenticate": "Bearer" },
        });
      }
    }
    return createEdgeHandler(() => readerFor(env))(request);
  },
};
