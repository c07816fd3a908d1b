import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createLogger, isUserError, resolveDataDir, resolveManifestPath } from "@dai/core";
import { DEMO_FILES } from "@dai/demo-data";
import { createEventBus, createSseBroadcaster } from "@dai/event-bus";
import { defaultJobs, JobRunLog, type JobRunRecord, runJob, Scheduler } from "@dai/jobs";
import { loadManifest } from "@dai/manifest-schema";
import { reportJob } from "@dai/report";
import { createIngest, createTelemetryReadApi, openWarehouse, startEvaluator } from "@dai/telemetry";
import { createApp } from "./app.js";
import { createAuthDeps, demoSecret } from "./auth/deps.js";
import { fileDealerRepository } from "./data/dealers.js";
import { loadApiEnv } from "./env.js";
import { startAiScores } from "./features/ai-scores.js";
import { startBundles } from "./features/bundles.js";
import { startCopilot } from "./features/copilot.js";
import { startVectors } from "./features/vectors.js";
import type { FeatureContext } from "./features.js";
import { startObservability } from "./observability/index.js";
import { serveApi } from "./serve.js";

const logger = createLogger({ fields: { service: "api" } });

async function main(): Promise<void> {
  const { version } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
    version: string;
  };
  // Tracing (OTEL_*) and error reporting (SENTRY_DSN) first, so everything after is covered; both off by default.
  const observability = await startObservability({
    logger: logger.child({ component: "observability" }),
    version,
  });
  const env = loadApiEnv();
  const manifest = await loadManifest(resolveManifestPath({ MANIFEST_PATH: env.MANIFEST_PATH }));
  const dataDir = resolveDataDir({ DAI_DATA_DIR: env.DAI_DATA_DIR });
  const bus = await createEventBus({ logger: logger.child({ component: "bus" }) });
  const broadcaster = createSseBroadcaster({ bus, logger: logger.child({ component: "pulse" }) });
  // The telemetry hub: this process owns the warehouse (DuckDB allows one writer) and evaluates the
  // success metrics, publishing each evaluation on the pulse stream.
  const warehouse = await openWarehouse({ dataDir, env: process.env });
  const ingestKey =
    env.TELEMETRY_INGEST_KEY ?? (env.DAI_DEMO_MODE ? await demoSecret(dataDir, ".ingest-key") : undefined);
  const ingest = ingestKey
    ? await createIngest({
        dataDir,
        ingestKey,
        warehouse,
        maxBodyBytes: env.API_BODY_LIMIT_BYTES,
        logger: logger.child({ component: "telemetry" }),
      })
    : undefined;
  if (!ingest) logger.warn("telemetry ingest is off: set TELEMETRY_INGEST_KEY");
  const telemetryClient = ingest?.localClient();
  const publishRun = async (record: JobRunRecord) => {
    if (record.outcome === "skipped") return;
    telemetryClient?.track({
      kind: "job.run",
      job: record.job,
      outcome: record.outcome,
      durationMs: record.durationMs,
    });
    await bus.publish("job.result", {
      job: record.job,
      status: record.outcome,
      durationMs: record.durationMs,
      message: record.summary,
      finishedAt: record.endedAt,
    });
  };
  // The API process owns the data dir's writers, so it also runs the scheduled jobs (DESIGN.md).
  const registry = defaultJobs(manifest, [reportJob], {
    twin: {
      onTwinUpdated: async (twin) => {
        await bus.publish(
          "twin.update",
          { dealerId: twin.dealerId, updatedAt: new Date().toISOString() },
          { dealerId: twin.dealerId },
        );
      },
      // The platform's forecast deviation feeds the manifest's success metric.
      reportMetric: (name, value) => {
        if (name === "forecast-deviation") {
          telemetryClient?.track({
            kind: "forecast.deviation",
            dealerId: "platform",
            metric: name,
            deviationPct: value,
          });
        }
      },
    },
  });
  const runnerDeps = {
    dataDir,
    manifest,
    runLog: new JobRunLog(dataDir),
    logger: logger.child({ component: "jobs" }),
    onRunFinished: publishRun,
  };
  const scheduler = env.DAI_RUN_SCHEDULER ? new Scheduler(registry, runnerDeps) : undefined;
  const evaluator = startEvaluator({
    warehouse,
    manifest,
    dataDir,
    intervalMs: env.TELEMETRY_EVALUATION_INTERVAL_MS,
    logger: logger.child({ component: "slo" }),
    healthExtras: () => ({ ingest: ingest?.stats() ?? null }),
    publish: async (evaluation) => {
      for (const metric of evaluation.metrics) {
        await bus.publish("metric.update", {
          metricId: metric.id,
          value: metric.value,
          target: metric.target,
          comparator: metric.comparator,
          unit: metric.unit,
          status: metric.status === "no-data" ? "unknown" : metric.status === "missed" ? "fail" : "pass",
          evaluatedAt: evaluation.evaluatedAt,
        });
      }
    },
  });
  const featureContext: FeatureContext = {
    manifest,
    dataDir,
    bus,
    logger,
    telemetry: telemetryClient,
    env: process.env,
  };
  const features = await Promise.all(
    [startAiScores, startCopilot, startVectors, startBundles].map((start) => start(featureContext)),
  );
  const app = createApp({
    manifest,
    logger,
    version,
    startedAt: Date.now(),
    corsOrigins: env.CORS_ORIGINS,
    bodyLimitBytes: env.API_BODY_LIMIT_BYTES,
    rateLimit: { limit: env.API_RATE_LIMIT, windowMs: env.API_RATE_WINDOW_SECONDS * 1000 },
    dataSeeded: async () => existsSync(join(dataDir, DEMO_FILES.meta)),
    dealers: fileDealerRepository(dataDir),
    auth: await createAuthDeps(env, dataDir),
    jobs: {
      registry,
      runLog: runnerDeps.runLog,
      runNow: (name) => runJob(registry.get(name), "manual", runnerDeps),
    },
    pulse: { bus, broadcaster },
    dataDir,
    telemetry:
      ingest && ingestKey
        ? { ingest, ingestKey, read: createTelemetryReadApi({ warehouse, manifest }) }
        : undefined,
    track: telemetryClient ? (event) => void telemetryClient.track(event) : undefined,
    ...Object.assign({}, ...features.map((feature) => feature.deps)),
  });
  const server = serveApi(app, { port: env.API_PORT, hostname: env.API_HOST }, (info) => {
    logger.info("listening", {
      url: `http://${info.address.includes(":") ? `[${info.address}]` : info.address}:${info.port}`,
      dataDir,
    });
  });
  server.on("error", (error: NodeJS.ErrnoException) => {
    logger.error(
      error.code === "EADDRINUSE" ? `port ${env.API_PORT} is in use; set API_PORT` : "server error",
      { error },
    );
    process.exit(1);
  });
  await scheduler?.start();
  // Uptime is measured, not assumed: the API checks its own health endpoint once a minute.
  const healthTimer = setInterval(async () => {
    const started = performance.now();
    const ok = await fetch(
      `http://${env.API_HOST.includes(":") ? `[${env.API_HOST}]` : env.API_HOST}:${env.API_PORT}/healthz`,
      {
        signal: AbortSignal.timeout(5000),
      },
    )
      .then((response) => response.ok)
      .catch(() => false);
    telemetryClient?.track({
      kind: "health.check",
      check: "api",
      ok,
      latencyMs: Math.round(performance.now() - started),
    });
  }, 60_000);
  healthTimer.unref();
  const shutdown = (signal: string) => {
    logger.info("shutting down", { signal });
    scheduler?.stop();
    clearInterval(healthTimer);
    for (const feature of features) void feature.stop?.();
    void evaluator.stop();
    // Drain the pulse stream first (clients are told to reconnect elsewhere), then the bus.
    void broadcaster
      .close({ graceMs: 3000 })
      .then(() => bus.close())
      .then(() => telemetryClient?.shutdown())
      .then(() => ingest?.close())
      .then(() => warehouse.close())
      .finally(() => observability.shutdown())
      .finally(() => server.close(() => process.exit(0)));
    setTimeout(() => process.exit(0), 5_000).unref();
  };
  process.once("SIGINT", () => shutdown("SIGINT"));
  process.once("SIGTERM", () => shutdown("SIGTERM"));
}

main().catch((error: unknown) => {
  // A configuration mistake gets one clear line; anything else is logged with its stack.
  if (isUserError(error)) logger.error(`cannot start: ${error.message}`);
  else logger.error("cannot start", { error });
  process.exit(1);
});
