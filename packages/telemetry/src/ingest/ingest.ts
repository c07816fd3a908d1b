import { join } from "node:path";
import { DaiError, type Logger, PROBLEM_CONTENT_TYPE, parseJson, silentLogger, toProblem } from "@dai/core";
import {
  createTelemetryClient,
  type TelemetryClient,
  type TelemetryClientOptions,
} from "../client/client.js";
import { SCHEMA_VERSION } from "../events/schema.js";
import { type RejectedEvent, validateEvents } from "../events/validate.js";
import type { Warehouse } from "../warehouse/types.js";
import { keyChecker, presentedKey } from "./auth.js";
import { readBodyLimited } from "./body.js";
import { startLoader } from "./loader.js";
import { spoolLines } from "./raw-events.js";
import { openSpool } from "./spool.js";

export interface IngestOptions {
  /** The data dir; the spool lives in `<dataDir>/telemetry-spool/`. */
  readonly dataDir: string;
  /** The shared secret clients present; compared in constant time. */
  readonly ingestKey: string;
  readonly warehouse: Warehouse;
  /** Largest accepted body (default 1 MiB, the API's `API_BODY_LIMIT_BYTES` default). */
  readonly maxBodyBytes?: number;
  /** Most events in one batch (default 1,000). */
  readonly maxEvents?: number;
  /** How often the open spool file is sealed and loaded (default 1,000 ms). */
  readonly rotateIntervalMs?: number;
  /** Sealed files waiting for the warehouse before ingest answers 503 (default 600, ~10 min at 1 s). */
  readonly maxBacklogFiles?: number;
  readonly logger?: Logger;
}

/** The body of a 200: how many events are durable, and each refused event with its index and fields. */
export interface IngestResponse {
  readonly accepted: number;
  readonly rejected: readonly RejectedEvent[];
}

export interface IngestStats {
  acceptedEvents: number;
  rejectedEvents: number;
  loadedEvents: number;
  duplicateEvents: number;
  loadedFiles: number;
  loadErrors: number;
  /** Spool files the warehouse refused as content, set aside in `<spool>/rejected/`. */
  rejectedFiles: number;
  backlogFiles: number;
  lastLoadAt: string | undefined;
  /** Duration of the last load into the warehouse and the longest so far, in ms. */
  lastLoadMs: number;
  maxLoadMs: number;
}

export interface Ingest {
  /** `POST /api/telemetry` as a Web Fetch handler (Hono: `app.post("/api/telemetry", (c) => ingest.handler(c.req.raw))`). */
  handler(request: Request): Promise<Response>;
  /** Seals the open spool file and loads every sealed file now; resolves when they are in the warehouse. */
  flush(): Promise<void>;
  stats(): IngestStats;
  /**
   * A batching client that hands its batches straight to this ingest (no network): what the API's own
   * request middleware uses for its latency events. Shut it down before `close()`.
   */
  localClient(options?: Partial<TelemetryClientOptions>): TelemetryClient;
  /** Stops the loader after a final flush; the warehouse stays open (its owner closes it). */
  close(): Promise<void>;
}

/**
 * The telemetry ingest: authenticates, validates, spools durably (fdatasync) before it acknowledges,
 * and loads the spool into the warehouse every second, exactly once. Files left by a crashed process
 * are loaded on start.
 *
 * Responses: 200 `{ accepted, rejected: [{ index, id?, errors: [{ path, message }] }] }` when at least
 * one event was stored (the rejected ones will never be valid: do not retry them); otherwise an
 * `application/problem+json` 4xx that stored nothing — 401 key, 413 size/count, 415 media type,
 * 400 malformed JSON or shape, 422 every event invalid or a future `schemaVersion`; 503 when the
 * warehouse is far behind (with `Retry-After`).
 *
 * @example
 * const ingest = await createIngest({ dataDir, ingestKey, warehouse });
 * app.post("/api/telemetry", (c) => ingest.handler(c.req.raw));
 */
export async function createIngest(options: IngestOptions): Promise<Ingest> {
  const logger = options.logger ?? silentLogger;
  const maxBodyBytes = options.maxBodyBytes ?? 1 << 20;
  const maxEvents = options.maxEvents ?? 1000;
  const maxBacklog = options.maxBacklogFiles ?? 600;
  if (!options.ingestKey) throw new DaiError("missing_ingest_key", "createIngest: ingestKey is required");
  const checkKey = keyChecker(options.ingestKey);
  const spool = await openSpool(join(options.dataDir, "telemetry-spool"));
  const stats: IngestStats = {
    acceptedEvents: 0,
    rejectedEvents: 0,
    loadedEvents: 0,
    duplicateEvents: 0,
    loadedFiles: 0,
    loadErrors: 0,
    rejectedFiles: 0,
    backlogFiles: 0,
    lastLoadAt: undefined,
    lastLoadMs: 0,
    maxLoadMs: 0,
  };
  const loader = startLoader({
    spool,
    warehouse: options.warehouse,
    intervalMs: options.rotateIntervalMs ?? 1000,
    logger,
    stats,
  });
  await loader.flush();

  async function accept(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (request.method !== "POST") {
      throw new DaiError("method_not_allowed", `${request.method} is not allowed; use POST`, { status: 405 });
    }
    if (!checkKey(presentedKey(request, url))) {
      throw new DaiError("invalid_ingest_key", "missing or wrong ingest key (Authorization: Bearer <key>)", {
        status: 401,
      });
    }
    const type = request.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
    if (type && type !== "application/json" && type !== "text/plain") {
      throw new DaiError("unsupported_media_type", `content-type ${type}: expected application/json`, {
        status: 415,
      });
    }
    if (stats.backlogFiles > maxBacklog) {
      throw new DaiError("warehouse_behind", "the warehouse is behind; retry later", { status: 503 });
    }
    const bytes = await readBodyLimited(request, maxBodyBytes);
    const body = parseJson(bytes.toString("utf8"), "request body");
    const events = Array.isArray(body) ? body : (body as { events?: unknown } | null)?.events;
    if (!Array.isArray(events) || events.length === 0) {
      throw new DaiError("invalid_batch", 'expected {"events": [ … ]} with at least one event', {
        field: "events",
        details: [{ path: "events", message: "expected a non-empty array of events" }],
      });
    }
    if (events.length > maxEvents) {
      throw new DaiError(
        "batch_too_large",
        `batch of ${events.length} events exceeds the limit of ${maxEvents}`,
        {
          status: 413,
          field: "events",
        },
      );
    }
    const { accepted, rejected, future } = validateEvents(events);
    if (future.length > 0) {
      throw new DaiError(
        "unsupported_schema_version",
        `schemaVersion above ${SCHEMA_VERSION} is not supported by this server (events ${future.slice(0, 10).join(", ")})`,
        {
          status: 422,
          details: future.slice(0, 100).map((index) => ({
            path: `events[${index}].schemaVersion`,
            message: `expected at most ${SCHEMA_VERSION}`,
          })),
        },
      );
    }
    stats.rejectedEvents += rejected.length;
    if (accepted.length === 0) {
      throw new DaiError("invalid_events", `all ${rejected.length} events are invalid; nothing was stored`, {
        status: 422,
        details: rejected.slice(0, 100).flatMap((r) => r.errors),
      });
    }
    try {
      const rejectedIndexes = new Set(rejected.map((r) => r.index));
      await spool.append(spoolLines(bytes, events, accepted, rejectedIndexes, new Date().toISOString()));
    } catch (error) {
      // Not durable, so not acknowledged: the client keeps the batch and retries.
      logger.error("telemetry spool write failed", { error });
      throw new DaiError("spool_unavailable", "telemetry could not be stored durably; retry later", {
        status: 503,
        cause: error,
      });
    }
    stats.acceptedEvents += accepted.length;
    const payload: IngestResponse = { accepted: accepted.length, rejected };
    return new Response(JSON.stringify(payload), {
      status: 200,
      headers: { "content-type": "application/json" },
    });
  }

  async function handler(request: Request): Promise<Response> {
    try {
      return await accept(request);
    } catch (error) {
      if (!(error instanceof DaiError)) logger.error("telemetry ingest failed", { error });
      const problem = toProblem(error, new URL(request.url).pathname);
      const headers: Record<string, string> = { "content-type": PROBLEM_CONTENT_TYPE };
      if (problem.status === 503) headers["retry-after"] = "5";
      if (problem.status === 401) headers["www-authenticate"] = 'Bearer realm="telemetry"';
      return new Response(JSON.stringify(problem), { status: problem.status, headers });
    }
  }

  return {
    handler,
    flush: () => loader.flush(),
    localClient(clientOptions = {}) {
      return createTelemetryClient({
        endpoint: "http://127.0.0.1/api/telemetry",
        ingestKey: options.ingestKey,
        source: "api",
        beaconOnPageHide: false,
        ...clientOptions,
        fetch: async (input, init) => handler(new Request(input, init)),
      });
    },
    stats: () => ({ ...stats }),
    async close() {
      await loader.stop();
      await spool.close();
      await loader.flush();
    },
  };
}
