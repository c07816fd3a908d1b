import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TelemetryEvent } from "../events/schema.js";

export const INGEST_KEY = "test-ingest-key-0123456789";

let counter = 0;
/** A valid api.request event with a unique id; `overrides` replace fields. */
export function apiEvent(overrides: Record<string, unknown> = {}): TelemetryEvent {
  counter++;
  return {
    id: `evt-${process.pid}-${counter}-${Math.random().toString(36).slice(2, 10)}`,
    kind: "api.request",
    time: new Date().toISOString(),
    schemaVersion: 1,
    route: "/api/ai-scores",
    status: 200,
    durationMs: 40 + (counter % 50),
    ...overrides,
  } as TelemetryEvent;
}

export async function tempDir(): Promise<{ path: string; remove(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), "dai-telemetry-"));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

export function post(body: unknown, init: { key?: string | null; type?: string } = {}): Request {
  const headers: Record<string, string> = { "content-type": init.type ?? "application/json" };
  if (init.key !== null) headers.authorization = `Bearer ${init.key ?? INGEST_KEY}`;
  return new Request("http://127.0.0.1/api/telemetry", {
    method: "POST",
    headers,
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

let fileCounter = 0;
/** Loads events straight into a warehouse through a spool-format file (receivedAt = time, loaded now). */
export async function loadEvents(
  warehouse: { loadSpoolFiles(paths: readonly string[]): Promise<unknown> },
  directory: string,
  events: readonly Record<string, unknown>[],
): Promise<void> {
  const { writeFile } = await import("node:fs/promises");
  const path = join(directory, `fixture-${process.pid}-${++fileCounter}.ndjson`);
  await writeFile(path, events.map((e) => `${JSON.stringify({ receivedAt: e.time, ...e })}\n`).join(""));
  await warehouse.loadSpoolFiles([path]);
}

/** `minutesAgo` before `now` as ISO. */
export const ago = (now: Date, minutes: number) => new Date(now.getTime() - minutes * 60_000).toISOString();
