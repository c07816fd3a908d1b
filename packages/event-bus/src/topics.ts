/**
 * The typed topics of the pulse stream. `TopicMap` maps each topic name to its payload type; other
 * packages add topics by declaration merging and by passing the name in `topics` when they create a
 * bus (the runtime list is what the stream validates against).
 *
 * @example
 * declare module "@dai/event-bus" {
 *   interface TopicMap { "forecast.ready": { dealerId: string; horizonDays: number } }
 * }
 */
export interface TopicMap {
  /** A success metric of the manifest was evaluated. */
  "metric.update": MetricUpdate;
  /** A dealer's score (AI visibility or another) changed. */
  "score.change": ScoreChange;
  /** A dealer twin was re-forecast / re-embedded. */
  "twin.update": TwinUpdate;
  /** A scheduled or manual job finished. */
  "job.result": JobResult;
  /** The bundle profiler found a regression past the manifest threshold. */
  "build.regression": BuildRegression;
  /** A Copilot explanation was shown or rated. */
  "copilot.event": CopilotPulse;
}

/** Every topic name this package knows; the default topic list of a bus. */
export const DEFAULT_TOPICS = [
  "metric.update",
  "score.change",
  "twin.update",
  "job.result",
  "build.regression",
  "copilot.event",
] as const satisfies readonly (keyof TopicMap)[];

/** Any topic→payload map a bus can carry (payloads must be JSON-serialisable). */
export type TopicMapBase = object;

/** Topic names of a map. */
export type TopicOf<M extends TopicMapBase> = keyof M & string;

export interface MetricUpdate {
  /** Success-metric id as in the manifest (e.g. `eventBus.unifiedUpdateLatency`). */
  metricId: string;
  value: number | null;
  target?: number;
  comparator?: string;
  unit?: string;
  status: "pass" | "fail" | "unknown";
  evaluatedAt: string;
}

export interface ScoreChange {
  dealerId: string;
  /** Which score, e.g. `aiv`. */
  score: string;
  previous: number | null;
  value: number;
  changedAt: string;
}

export interface TwinUpdate {
  dealerId: string;
  runId?: string;
  /** Relative deviation of yesterday's forecast from what happened. */
  forecastDeviation?: number;
  clusterId?: number;
  updatedAt: string;
}

export interface JobResult {
  job: string;
  status: "success" | "failure";
  durationMs: number;
  message?: string;
  finishedAt: string;
}

export interface BuildRegression {
  route: string;
  metric: string;
  baseline: number;
  current: number;
  /** Change relative to the baseline, as a fraction (0.07 = +7 %). */
  delta: number;
  threshold: number;
  detectedAt: string;
}

export interface CopilotPulse {
  dealerId: string;
  kind: "explanation" | "feedback";
  tone?: string;
  mood?: string;
  feedback?: "up" | "down" | null;
  at: string;
}

/**
 * One event as every subscriber sees it. `id` is the SSE id (a Redis stream id `<seq>-0`, totally
 * ordered across topics), `publishedAt` the publisher's clock in epoch ms (for latency sampling),
 * `dealerId` the scope used by access control (absent = visible to every dealer scope).
 */
export interface BusEvent<M extends TopicMapBase = TopicMap, T extends TopicOf<M> = TopicOf<M>> {
  readonly id: string;
  readonly seq: number;
  readonly topic: T;
  readonly data: M[T];
  readonly publishedAt: number;
  readonly dealerId?: string;
}

/** A `BusEvent` of any topic of `M`, discriminated by `topic`. */
export type AnyBusEvent<M extends TopicMapBase = TopicMap> = {
  [T in TopicOf<M>]: BusEvent<M, T>;
}[TopicOf<M>];
