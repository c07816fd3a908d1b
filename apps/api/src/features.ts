import type { Logger } from "@dai/core";
import type { EventBus } from "@dai/event-bus";
import type { Manifest } from "@dai/manifest-schema";
import type { TelemetryClient } from "@dai/telemetry";
import type { AppDeps } from "./app.js";

/** What the Node entry hands each feature when it starts: shared services, never a feature's own state. */
export interface FeatureContext {
  manifest: Manifest;
  dataDir: string;
  bus: EventBus;
  logger: Logger;
  /** The hub's in-process telemetry client; absent when ingest is off. */
  telemetry?: TelemetryClient;
  env: NodeJS.ProcessEnv;
}

/** A started feature: the app dependencies it provides, and how to stop what it runs in the background. */
export interface Feature {
  deps: Partial<AppDeps>;
  stop?(): void | Promise<void>;
}

export type StartFeature = (context: FeatureContext) => Promise<Feature>;
