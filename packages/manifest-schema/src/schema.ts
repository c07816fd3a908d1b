import { Cron } from "croner";
import { z } from "zod";

/** The manifest version this package reads; older ones are upgraded by `upgradeManifest`. */
export const CURRENT_MANIFEST_VERSION = "1.0.0";

const nonNegativeNumber = () =>
  z.number({ error: "expected number ≥ 0" }).min(0, { error: "expected number ≥ 0" });
const positiveInteger = () =>
  z
    .number({ error: "expected integer ≥ 1" })
    .int({ error: "expected integer ≥ 1" })
    .min(1, { error: "expected integer ≥ 1" });
const text = () => z.string().min(1);
const slug = () => z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { error: "expected a kebab-case id" });
const semver = () =>
  z
    .string()
    .regex(/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/, { error: "expected a semantic version like 1.2.3" });

export const comparatorSchema = z.enum(["lt", "lte", "gt", "gte", "eq", "within"]);
/** How a measured value is compared with its target; `within` means |value| ≤ target. */
export type Comparator = z.infer<typeof comparatorSchema>;

export const unitSchema = z.enum([
  "ms",
  "s",
  "minutes",
  "hours",
  "days",
  "percent",
  "ratio",
  "count",
  "fps",
  "bytes",
]);
export type Unit = z.infer<typeof unitSchema>;

export const statusSchema = z.enum(["planned", "active", "paused", "deprecated"]);
export type SystemStatus = z.infer<typeof statusSchema>;

/** A 5-field cron expression (minute hour day-of-month month day-of-week), the form GitHub Actions accepts. */
export const cronSchema = z
  .string({ error: "expected a cron expression" })
  .regex(/^\S+(\s+\S+){4}$/, { error: "expected a 5-field cron expression (minute hour day month weekday)" })
  .superRefine((value, context) => {
    try {
      new Cron(value, { paused: true, timezone: "UTC" }).stop();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      context.addIssue({ code: "custom", message: `expected a valid cron expression (${reason})` });
    }
  });

const timezoneSchema = z.string().refine(
  (value) => {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: value });
      return true;
    } catch {
      return false;
    }
  },
  { error: "expected an IANA time zone such as UTC" },
);

export const scheduleSchema = z.strictObject({
  cron: cronSchema,
  timezone: timezoneSchema.default("UTC"),
  description: text().optional(),
});
export type Schedule = z.infer<typeof scheduleSchema>;

export const successMetricSchema = z.strictObject({
  id: slug(),
  name: text(),
  description: text().optional(),
  target: nonNegativeNumber(),
  comparator: comparatorSchema,
  unit: unitSchema,
});
export type SuccessMetric = z.infer<typeof successMetricSchema>;

const systemBase = {
  title: text(),
  status: statusSchema,
  description: text(),
  components: z.array(text()),
  successMetric: successMetricSchema,
};

export const systemsSchema = z.strictObject({
  edgeOrchestration: z.strictObject({
    ...systemBase,
    endpoints: z.array(text()),
    cache: z.strictObject({
      minTtlSeconds: nonNegativeNumber(),
      maxTtlSeconds: nonNegativeNumber(),
      staleWhileRevalidateSeconds: nonNegativeNumber(),
    }),
  }),
  dealerTwin: z.strictObject({
    ...systemBase,
    endpoints: z.array(text()),
    schedule: scheduleSchema,
    forecastHorizonDays: positiveInteger(),
    logFile: text(),
  }),
  vectorPersonalization: z.strictObject({
    ...systemBase,
    library: text(),
    package: text(),
    updateInterval: z.enum(["hourly", "daily", "weekly"]),
    schedule: scheduleSchema,
  }),
  eventBus: z.strictObject({
    ...systemBase,
    endpoints: z.array(text()),
    protocol: z.enum(["SSE", "WebSocket"]),
  }),
  adaptiveMotion: z.strictObject({
    ...systemBase,
    dataSource: text(),
    durationRangeMs: z
      .strictObject({ min: nonNegativeNumber(), max: nonNegativeNumber() })
      .refine((range) => range.min <= range.max, { error: "expected min ≤ max" }),
  }),
  predictiveSoundscape: z.strictObject({
    ...systemBase,
    files: z.array(text()).min(1),
    controller: text(),
    stems: positiveInteger(),
    usageLogFile: text(),
  }),
  metaTelemetry: z.strictObject({
    ...systemBase,
    sink: z.enum(["bigquery", "duckdb"]),
    defaultSink: z.enum(["bigquery", "duckdb"]),
    dashboards: text(),
  }),
  autoProfiling: z.strictObject({
    ...systemBase,
    script: text(),
    /** Percent change of a bundle size that counts as a regression. */
    threshold: nonNegativeNumber(),
    thresholdUnit: z.literal("percent"),
    /** Lighthouse recheck of the dashboard: pages, runs per page (median kept), lowest scores 0–1. */
    lighthouse: z
      .strictObject({
        pages: z.array(z.string().startsWith("/", { error: "expected a path like /sign-in" })).min(1),
        runs: positiveInteger(),
        thresholds: z.partialRecord(
          z.enum(["performance", "accessibility", "best-practices", "seo"]),
          z.number().min(0).max(1),
        ),
      })
      .optional(),
  }),
});
export type Systems = z.infer<typeof systemsSchema>;
export type SystemKey = keyof Systems;

const namedScheduleSchema = scheduleSchema.extend({ id: slug() });
export type NamedSchedule = z.infer<typeof namedScheduleSchema>;

const workflowSchema = z.strictObject({
  name: text(),
  file: text(),
  triggers: z.strictObject({
    schedules: z.array(namedScheduleSchema),
    push: z.array(text()),
    pullRequest: z.boolean(),
    manualDispatch: z.boolean(),
  }),
  thresholdSource: text().optional(),
  steps: z
    .array(
      z.strictObject({
        id: slug(),
        name: text(),
        description: text(),
        script: text().optional(),
        schedule: slug().optional(),
      }),
    )
    .min(1),
});
export type Workflow = z.infer<typeof workflowSchema>;

const scriptSchema = z.strictObject({
  path: text(),
  command: text(),
  description: text(),
  inputs: z.array(text()),
  outputs: z.array(text()),
  seedPaths: z.strictObject({ inputs: z.array(text()), outputs: z.array(text()) }),
  algorithm: z
    .strictObject({
      method: text(),
      feedback: text(),
      normalizeSum: nonNegativeNumber(),
      minWeight: nonNegativeNumber(),
      halfLifeDays: nonNegativeNumber(),
    })
    .optional(),
  metrics: z.array(text()).optional(),
});
export type ScriptSpec = z.infer<typeof scriptSchema>;

export const manifestSchema = z
  .strictObject({
    $schema: z.string().optional(),
    name: text(),
    version: semver(),
    description: text(),
    systems: systemsSchema,
    workflows: z.strictObject({ selfOptimization: workflowSchema, hyperPerfCheck: workflowSchema }),
    scripts: z.strictObject({
      trainToneModel: scriptSchema,
      moodAnalytics: scriptSchema,
      analyzeBundleSize: scriptSchema,
      hyperReport: scriptSchema,
    }),
    successMetrics: z.array(successMetricSchema).min(1),
    observability: z.strictObject({
      tracing: z.array(text()),
      errorTracking: z.array(text()),
      performanceMonitoring: z.array(text()),
      logs: z.strictObject({ system: text(), audio: text(), dealerTwin: text() }),
    }),
    governance: z.strictObject({
      auditing: z.strictObject({ allChangesAuditable: z.boolean() }),
      versioning: z.literal("semantic"),
      reviewTeams: z.array(text()).min(1),
      monthlyReport: z.strictObject({
        generator: text(),
        command: text(),
        schedule: scheduleSchema,
        recipients: z.array(z.email({ error: "expected an e-mail address" })).min(1),
        slackChannel: z.string().regex(/^#[a-z0-9_-]+$/, { error: "expected a Slack channel like #name" }),
      }),
    }),
    integration: z.strictObject({
      ciEnv: z.record(z.string(), z.string()),
      secrets: z.array(
        z.string().regex(/^[A-Z][A-Z0-9_]*$/, { error: "expected an environment variable name" }),
      ),
      monitoring: text(),
      automationHooks: z.array(text()),
    }),
    futureExtensions: z.array(
      z.strictObject({ id: slug(), title: text(), status: statusSchema, items: z.array(text()).min(1) }),
    ),
  })
  .superRefine((manifest, context) => {
    const ids = new Map<string, string>();
    const see = (id: string, path: (string | number)[]) => {
      const previous = ids.get(id);
      if (previous)
        context.addIssue({
          code: "custom",
          path,
          message: `duplicate success metric id "${id}" (also at ${previous})`,
        });
      else ids.set(id, path.join("."));
    };
    for (const [key, system] of Object.entries(manifest.systems))
      see(system.successMetric.id, ["systems", key, "successMetric", "id"]);
    for (const [index, metric] of manifest.successMetrics.entries())
      see(metric.id, ["successMetrics", index, "id"]);
    for (const [key, workflow] of Object.entries(manifest.workflows)) {
      const scheduleIds = new Set(workflow.triggers.schedules.map((s) => s.id));
      for (const [index, step] of workflow.steps.entries()) {
        if (step.schedule !== undefined && !scheduleIds.has(step.schedule)) {
          context.addIssue({
            code: "custom",
            path: ["workflows", key, "steps", index, "schedule"],
            message: `unknown schedule id "${step.schedule}"`,
          });
        }
        if (step.script !== undefined && !(step.script in manifest.scripts)) {
          context.addIssue({
            code: "custom",
            path: ["workflows", key, "steps", index, "script"],
            message: `unknown script "${step.script}"`,
          });
        }
      }
    }
  });

/** The validated manifest, with defaults filled in. */
export type Manifest = z.output<typeof manifestSchema>;
