import { z } from "zod";

export { SCHEMA_VERSION } from "./version.js";

const text = (max = 200) => z.string().min(1).max(max);
const nonNegative = () => z.number().finite().min(0);

/** Fields every event carries: an id for de-duplication, when it happened, and the schema version. */
const base = {
  id: z.string().min(1).max(128),
  time: z.iso.datetime({ offset: true }),
  schemaVersion: z.number().int().min(1),
  source: text(64).optional(),
  userId: text(128).optional(),
  sessionId: text(128).optional(),
};

export const apiRequestSchema = z.object({
  ...base,
  kind: z.literal("api.request"),
  route: text(),
  method: text(16).optional(),
  status: z.number().int().min(100).max(599),
  durationMs: nonNegative(),
});

export const webVitalsSchema = z.object({
  ...base,
  kind: z.literal("web.vitals"),
  name: z.enum(["LCP", "INP", "CLS", "FCP", "TTFB"]),
  value: nonNegative(),
  rating: z.enum(["good", "needs-improvement", "poor"]).optional(),
  page: text().optional(),
});

export const frameRateSchema = z.object({
  ...base,
  kind: z.literal("motion.frame-rate"),
  fps: nonNegative(),
  /** The display's refresh rate the animation aimed for. */
  targetFps: z.number().finite().positive(),
  page: text().optional(),
});

export const sseDeliverySchema = z.object({
  ...base,
  kind: z.literal("sse.delivery"),
  /** Publish → dashboard receipt. */
  latencyMs: nonNegative(),
  stream: text().optional(),
});

export const jobRunSchema = z.object({
  ...base,
  kind: z.literal("job.run"),
  job: text(),
  outcome: z.enum(["success", "failure", "cancelled"]),
  durationMs: nonNegative(),
});

export const soundscapeOptSchema = z.object({
  ...base,
  kind: z.literal("soundscape.opt"),
  opt: z.enum(["in", "out"]),
  /** Listening time (audible: playing and the tab visible) since the opt-in, sent with "out". */
  durationMs: nonNegative().optional(),
  page: text().optional(),
});

export const copilotFeedbackSchema = z.object({
  ...base,
  kind: z.literal("copilot.feedback"),
  tone: text(64),
  mood: text(64),
  feedback: z.enum(["up", "down"]),
  dealerId: text(64).optional(),
});

export const healthCheckSchema = z.object({
  ...base,
  kind: z.literal("health.check"),
  check: text(),
  ok: z.boolean(),
  latencyMs: nonNegative().optional(),
});

export const forecastDeviationSchema = z.object({
  ...base,
  kind: z.literal("forecast.deviation"),
  dealerId: text(64),
  metric: text(64),
  /** Signed (actual − forecast) / actual × 100. */
  deviationPct: z.number().finite(),
});

/** A model's quality measured by the job that trains it (e.g. recommendation accuracy), as a share 0..1. */
export const modelQualitySchema = z.object({
  ...base,
  kind: z.literal("model.quality"),
  /** The manifest success metric it measures, e.g. `recommendation-accuracy`. */
  metric: text(64),
  value: z.number().finite().min(0).max(1),
});

/** One telemetry event; `kind` selects its fields. */
export const telemetryEventSchema = z.discriminatedUnion("kind", [
  apiRequestSchema,
  webVitalsSchema,
  frameRateSchema,
  sseDeliverySchema,
  jobRunSchema,
  soundscapeOptSchema,
  copilotFeedbackSchema,
  healthCheckSchema,
  forecastDeviationSchema,
  modelQualitySchema,
]);

export type TelemetryEvent = z.infer<typeof telemetryEventSchema>;
export type EventKind = TelemetryEvent["kind"];
export const EVENT_KINDS = telemetryEventSchema.options.map(
  (option) => option.shape.kind.value,
) as EventKind[];

/** What a caller hands the client: the id, time and schema version are filled in for it. */
export type EventInput = {
  [K in EventKind]: Omit<Extract<TelemetryEvent, { kind: K }>, "id" | "time" | "schemaVersion"> & {
    id?: string;
    time?: string;
  };
}[EventKind];
