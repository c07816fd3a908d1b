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

/** One valid event of every kind (fixed ids and time), fresh objects on every call. */
export function oneEventOfEachKind(): Record<string, unknown>[] {
  const base = { id: "e-1", time: "2026-11-25T10:00:00.000Z", schemaVersion: 1 };
  return [
    {
      ...base,
      kind: "api.request",
      route: "/api/x",
      method: "GET",
      status: 200,
      durationMs: 4.5,
      source: "api",
    },
    { ...base, kind: "web.vitals", name: "LCP", value: 1200, rating: "good", page: "/" },
    { ...base, kind: "motion.frame-rate", fps: 58, targetFps: 60 },
    { ...base, kind: "sse.delivery", latencyMs: 12, stream: "pulse" },
    { ...base, kind: "job.run", job: "twin", outcome: "success", durationMs: 10 },
    { ...base, kind: "soundscape.opt", opt: "out", durationMs: 3000, userId: "u" },
    { ...base, kind: "copilot.feedback", tone: "warm", mood: "calm", feedback: "up", dealerId: "d-1" },
    { ...base, kind: "health.check", check: "api", ok: true, latencyMs: 3 },
    { ...base, kind: "forecast.deviation", dealerId: "d-1", metric: "leads", deviationPct: -3.2 },
    { ...base, kind: "model.quality", metric: "recommendation-accuracy", value: 0.8 },
  ];
}
