import { newEventId } from "../events/id.js";
import type { EventInput, TelemetryEvent } from "../events/schema.js";
import { SCHEMA_VERSION } from "../events/version.js";
import { backoffDelay, retryAfterMs } from "./backoff.js";

export interface TelemetryClientOptions {
  /** Full URL of the ingest, e.g. `http://127.0.0.1:8787/api/telemetry`. */
  readonly endpoint: string;
  readonly ingestKey: string;
  /** Events per request (default 500). */
  readonly batchSize?: number;
  /** Longest an event waits before it is sent (default 2,000 ms). */
  readonly flushIntervalMs?: number;
  /** Events kept while the hub is unreachable; beyond it the oldest are dropped (default 10,000). */
  readonly maxBufferSize?: number;
  /** First retry delay; doubles per attempt with full jitter, capped by `maxBackoffMs` (defaults 500 / 30,000 ms). */
  readonly baseBackoffMs?: number;
  readonly maxBackoffMs?: number;
  /** Abort a request after this long (default 10,000 ms). */
  readonly requestTimeoutMs?: number;
  /** Stamped on every event that has none (`api`, `web`, `cli`…). */
  readonly source?: string;
  readonly fetch?: typeof fetch;
  /** Injected for tests; default Math.random. */
  readonly random?: () => number;
  /** Told about events the hub refused for good (invalid) or the client dropped; never throws into the host. */
  readonly onProblem?: (problem: ClientProblem) => void;
  /** In browsers: send what is left with `navigator.sendBeacon` on `pagehide` (default true). */
  readonly beaconOnPageHide?: boolean;
}

export interface ClientProblem {
  readonly type: "rejected" | "dropped" | "refused";
  readonly count: number;
  readonly detail: string;
}

export interface ClientStats {
  queued: number;
  sent: number;
  /** Dropped because the buffer was full (oldest first). */
  dropped: number;
  /** Refused by the hub as invalid; retrying would not help. */
  rejected: number;
  retries: number;
}

export interface TelemetryClient {
  /** Queues an event; never throws, never waits. Returns the event's id. */
  track(event: EventInput): string;
  /** Sends everything queued now; resolves when done or when the hub asked to back off. Never rejects. */
  flush(): Promise<void>;
  /** Stops the timer and makes a last attempt to send what is queued. */
  shutdown(): Promise<void>;
  stats(): ClientStats;
}

/**
 * A batching telemetry client for Node and browsers (no Node built-ins): batches by size and time,
 * retries with exponential backoff and full jitter, honours 429/503 `Retry-After`, keeps a bounded
 * buffer that drops the oldest events when the hub stays down, and flushes on shutdown (a
 * `sendBeacon` on `pagehide` in browsers). It never throws into its host.
 *
 * @example
 * const telemetry = createTelemetryClient({ endpoint: "http://127.0.0.1:8787/api/telemetry", ingestKey });
 * telemetry.track({ kind: "api.request", route: "/api/ai-scores", status: 200, durationMs: 42 });
 */
export function createTelemetryClient(options: TelemetryClientOptions): TelemetryClient {
  const batchSize = options.batchSize ?? 500;
  const maxBuffer = Math.max(options.maxBufferSize ?? 10_000, batchSize);
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const random = options.random ?? Math.random;
  const stats: ClientStats = { queued: 0, sent: 0, dropped: 0, rejected: 0, retries: 0 };
  let buffer: TelemetryEvent[] = [];
  let attempt = 0;
  let blockedUntil = 0;
  let sending: Promise<void> | undefined;
  let stopped = false;

  const report = (problem: ClientProblem) => {
    try {
      options.onProblem?.(problem);
    } catch {
      // A faulty callback must not break the host either.
    }
  };
  const trim = () => {
    const excess = buffer.length - maxBuffer;
    if (excess > 0) {
      buffer.splice(0, excess);
      stats.dropped += excess;
      report({
        type: "dropped",
        count: excess,
        detail: `buffer full (${maxBuffer}); dropped the oldest events`,
      });
    }
    stats.queued = buffer.length;
  };

  async function sendBatch(batch: TelemetryEvent[]): Promise<boolean> {
    const controller = new AbortController();
    const timeout = setTimeout(() => controller.abort(), options.requestTimeoutMs ?? 10_000);
    let response: Response;
    try {
      response = await doFetch(options.endpoint, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${options.ingestKey}` },
        body: JSON.stringify({ events: batch }),
        signal: controller.signal,
        keepalive: false,
      });
    } catch {
      return retryLater(batch, undefined);
    } finally {
      clearTimeout(timeout);
    }
    if (response.ok) {
      const body = (await response.json().catch(() => ({}))) as { rejected?: unknown[] };
      const rejected = Array.isArray(body.rejected) ? body.rejected.length : 0;
      stats.sent += batch.length - rejected;
      if (rejected > 0) {
        stats.rejected += rejected;
        report({ type: "rejected", count: rejected, detail: JSON.stringify(body.rejected).slice(0, 2000) });
      }
      attempt = 0;
      return true;
    }
    if (response.status === 429 || response.status === 408 || response.status >= 500) {
      await response.body?.cancel().catch(() => {});
      return retryLater(batch, retryAfterMs(response.headers.get("retry-after"), Date.now()));
    }
    // Any other 4xx (bad key, invalid, too large) will not improve by retrying: drop and tell.
    const detail = await response.text().catch(() => "");
    stats.rejected += batch.length;
    report({
      type: "refused",
      count: batch.length,
      detail: `HTTP ${response.status}: ${detail.slice(0, 2000)}`,
    });
    return true;
  }

  function retryLater(batch: TelemetryEvent[], hinted: number | undefined): false {
    buffer = batch.concat(buffer);
    trim();
    stats.retries++;
    const delay =
      hinted ?? backoffDelay(attempt, options.baseBackoffMs ?? 500, options.maxBackoffMs ?? 30_000, random);
    attempt++;
    blockedUntil = Date.now() + delay;
    schedule(delay, true);
    return false;
  }

  /** Sends batches until the queue is empty (or, for a size trigger, until no full batch is left). */
  async function drain(fullOnly: boolean): Promise<void> {
    while (buffer.length >= (fullOnly ? batchSize : 1) && Date.now() >= blockedUntil) {
      const batch = buffer.splice(0, batchSize);
      stats.queued = buffer.length;
      if (!(await sendBatch(batch))) return;
    }
  }

  /** One drain at a time; a full flush during a size-triggered drain runs once that one is done. */
  function flush(fullOnly = false): Promise<void> {
    if (sending) return fullOnly ? sending : sending.then(() => flush(false));
    sending = drain(fullOnly)
      .catch(() => {})
      .finally(() => {
        sending = undefined;
      });
    return sending;
  }

  let timer: ReturnType<typeof setTimeout> | undefined;
  /** Arms the send timer; `replace` moves an armed timer (a backoff overrides the flush interval). */
  function schedule(delay: number, replace = false): void {
    if (stopped || (timer !== undefined && !replace)) return;
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      void flush().then(() => {
        if (buffer.length > 0) schedule(Math.max(options.flushIntervalMs ?? 2000, blockedUntil - Date.now()));
      });
    }, delay);
    (timer as { unref?: () => void }).unref?.();
  }

  function beacon(): void {
    const nav = (globalThis as { navigator?: { sendBeacon?: (url: string, data: Blob) => boolean } })
      .navigator;
    if (!nav?.sendBeacon || buffer.length === 0) return;
    const url = `${options.endpoint}${options.endpoint.includes("?") ? "&" : "?"}key=${encodeURIComponent(options.ingestKey)}`;
    // Beacons are capped near 64 KiB and may not set headers: small text/plain chunks, key in the query.
    while (buffer.length > 0) {
      const chunk = buffer.splice(0, 100);
      const queued = nav.sendBeacon(
        url,
        new Blob([JSON.stringify({ events: chunk })], { type: "text/plain" }),
      );
      if (!queued) {
        buffer = chunk.concat(buffer);
        break;
      }
      stats.sent += chunk.length;
    }
    stats.queued = buffer.length;
  }

  const page = globalThis as unknown as {
    addEventListener?: (type: string, listener: () => void) => void;
    removeEventListener?: (type: string, listener: () => void) => void;
  };
  if (options.beaconOnPageHide !== false) page.addEventListener?.("pagehide", beacon);

  return {
    track(input) {
      try {
        const event = {
          ...input,
          id: input.id ?? newEventId(),
          time: input.time ?? new Date().toISOString(),
          schemaVersion: SCHEMA_VERSION,
          ...(options.source && !input.source ? { source: options.source } : {}),
        } as TelemetryEvent;
        buffer.push(event);
        trim();
        if (buffer.length >= batchSize && Date.now() >= blockedUntil) void flush(true);
        schedule(options.flushIntervalMs ?? 2000);
        return event.id;
      } catch {
        return "";
      }
    },
    flush: () => flush(),
    async shutdown() {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      page.removeEventListener?.("pagehide", beacon);
      blockedUntil = 0;
      await flush();
      if (buffer.length > 0) beacon();
    },
    stats: () => ({ ...stats, queued: buffer.length }),
  };
}
