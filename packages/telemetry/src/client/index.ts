// The browser-safe entry (`@dai/telemetry/client`): no Node built-ins, no zod.

export { newEventId } from "../events/id.js";
export type { EventInput, EventKind, TelemetryEvent } from "../events/schema.js";
export { SCHEMA_VERSION } from "../events/version.js";
export { backoffDelay, retryAfterMs } from "./backoff.js";
export type { ClientProblem, ClientStats, TelemetryClient, TelemetryClientOptions } from "./client.js";
export { createTelemetryClient } from "./client.js";
