import type { ProblemDetail } from "@dai/core";
import { compileCheck } from "./compiled-check.js";
import { SCHEMA_VERSION, type TelemetryEvent, telemetryEventSchema } from "./schema.js";

const checkEvent = compileCheck(telemetryEventSchema);

/** One event the ingest refused, with where and why. */
export interface RejectedEvent {
  readonly index: number;
  readonly id?: string;
  readonly errors: readonly ProblemDetail[];
}

export interface BatchValidation {
  readonly accepted: TelemetryEvent[];
  readonly rejected: RejectedEvent[];
  /** Indexes of events written by a newer schema than this build understands. */
  readonly future: number[];
}

/**
 * Validates each event of a batch on its own so one bad event never sinks the good ones. Paths are
 * absolute within the body (`events[3].durationMs`). Events are parsed JSON; an accepted event with no
 * unknown keys is the caller's own object, not a copy.
 *
 * @example validateEvents([{ kind: "api.request", … }]).rejected // [{ index: 0, errors: [{ path: "events[0].status", … }] }]
 */
export function validateEvents(events: readonly unknown[]): BatchValidation {
  const accepted: TelemetryEvent[] = [];
  const rejected: RejectedEvent[] = [];
  const future: number[] = [];
  for (let index = 0; index < events.length; index++) {
    const event = events[index];
    const version = (event as { schemaVersion?: unknown } | null)?.schemaVersion;
    if (typeof version === "number" && version > SCHEMA_VERSION) {
      future.push(index);
      continue;
    }
    const checked = checkEvent(event);
    if (checked !== undefined) {
      accepted.push(checked as TelemetryEvent);
      continue;
    }
    // Only a refused event pays for zod's full parse, which says where and why.
    const result = telemetryEventSchema.safeParse(event);
    if (result.success) {
      accepted.push(result.data);
      continue;
    }
    const id = (event as { id?: unknown } | null)?.id;
    rejected.push({
      index,
      ...(typeof id === "string" ? { id } : {}),
      errors: result.error.issues.map((issue) => ({
        path: `events[${index}]${issue.path.map((part) => (typeof part === "number" ? `[${part}]` : `.${String(part)}`)).join("")}`,
        message: issue.message,
      })),
    });
  }
  return { accepted, rejected, future };
}
