import { DaiError, type Logger, silentLogger } from "@dai/core";
import {
  type Attributes,
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from "@opentelemetry/api";
import type { MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import type { ApiEnv } from "../access.js";

/** What the middleware reports a 5xx with (Sentry's `captureException`, scoped to the request). */
type CaptureError = (
  error: unknown,
  request: { method: string; route: string; path: string; requestId?: string },
) => void;

/** Process-wide state: set by `startObservability` in the Node entry, read by `observe()` on each request. */
const state: { tracer?: Tracer; capture?: CaptureError } = {};

export interface Observability {
  /** Whether OpenTelemetry traces are exported. */
  tracing: boolean;
  /** Whether 5xx errors are reported to Sentry. */
  errorReporting: boolean;
  /** Sends what is buffered (spans, error events); resolves within `timeoutMs`. */
  flush(timeoutMs?: number): Promise<void>;
  /** Flushes, then stops both; the middleware becomes a pass-through again. */
  shutdown(timeoutMs?: number): Promise<void>;
}

export interface ObservabilityOptions {
  logger?: Logger;
  /** The API's version, reported as the service version and Sentry release. */
  version?: string;
}

/** Traces are on when an OTLP endpoint or a traces exporter is configured (and not `none`); off by default. */
export function tracingConfigured(env: NodeJS.ProcessEnv): boolean {
  if (/^(true|1)$/i.test(env.OTEL_SDK_DISABLED ?? "")) return false;
  const exporters = (env.OTEL_TRACES_EXPORTER ?? "")
    .split(",")
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  if (exporters.length > 0) return exporters[0] !== "none";
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim());
}

/**
 * Starts tracing (OpenTelemetry, configured by the standard `OTEL_*` variables) and error reporting
 * (Sentry, when `SENTRY_DSN` is set). Neither is required: with neither configured nothing is loaded and
 * `observe()` passes requests straight through. Call it first in the Node entry; `shutdown()` on exit.
 * The DSN is never logged.
 *
 * @example const observability = await startObservability({ logger, version });
 */
export async function startObservability(options: ObservabilityOptions = {}): Promise<Observability> {
  // The OpenTelemetry SDK reads OTEL_* from process.env itself, so this does too.
  const env = process.env;
  const logger = options.logger ?? silentLogger;
  const stops: Array<{ flush: (ms: number) => Promise<unknown>; stop: (ms: number) => Promise<unknown> }> =
    [];
  let tracing = false;
  let errorReporting = false;

  if (tracingConfigured(env)) {
    const { NodeSDK } = await import("@opentelemetry/sdk-node");
    // Traces only: metrics and logs stay with the telemetry hub. The exporter, protocol
    // (http/protobuf by default, http/json, grpc), headers, sampler and resource come from OTEL_*.
    const sdk = new NodeSDK({
      serviceName:
        env.OTEL_SERVICE_NAME || /(^|,)\s*service\.name=/.test(env.OTEL_RESOURCE_ATTRIBUTES ?? "")
          ? undefined
          : "dealershipai-api",
      metricReaders: [],
      logRecordProcessors: [],
    });
    sdk.start();
    // The global is a proxy; the SDK's provider (with forceFlush) is its delegate.
    const global = trace.getTracerProvider() as { getDelegate?: () => unknown };
    const provider = (global.getDelegate?.() ?? global) as { forceFlush?: () => Promise<void> };
    state.tracer = trace.getTracer("@dai/api", options.version);
    tracing = true;
    stops.push({
      flush: async () => provider.forceFlush?.(),
      stop: async () => {
        await sdk.shutdown();
        // Unregister the globals so a later start (or a test) can register again.
        trace.disable();
        propagation.disable();
        context.disable();
      },
    });
    logger.info("tracing on", {
      exporter: env.OTEL_TRACES_EXPORTER ?? "otlp",
      protocol: env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? env.OTEL_EXPORTER_OTLP_PROTOCOL ?? "http/protobuf",
    });
  }

  const dsn = env.SENTRY_DSN?.trim();
  if (dsn) {
    if (!URL.canParse(dsn)) {
      // The value itself is a secret: name the variable, never echo it.
      throw new DaiError(
        "invalid_env",
        "SENTRY_DSN: expected a DSN URL like https://key@o0.ingest.sentry.io/0",
      );
    }
    const Sentry = await import("@sentry/node");
    Sentry.init({
      dsn,
      release: env.SENTRY_RELEASE ?? options.version,
      environment: env.SENTRY_ENVIRONMENT ?? env.NODE_ENV ?? "production",
      // Errors only; traces go through OpenTelemetry above, and Sentry leaves its provider alone.
      tracesSampleRate: 0,
    });
    state.capture = (error, request) => {
      Sentry.withScope((scope) => {
        scope.setTag("http.route", request.route);
        scope.setTag("http.method", request.method);
        if (request.requestId) scope.setTag("request_id", request.requestId);
        scope.setContext("request", { method: request.method, path: request.path });
        Sentry.captureException(error);
      });
    };
    errorReporting = true;
    stops.push({ flush: (ms) => Sentry.flush(ms), stop: (ms) => Sentry.close(ms) });
    logger.info("error reporting on", { provider: "sentry" });
  }

  return {
    tracing,
    errorReporting,
    flush: async (timeoutMs = 2000) => {
      await Promise.all(stops.map((entry) => entry.flush(timeoutMs).catch(() => undefined)));
    },
    shutdown: async (timeoutMs = 2000) => {
      state.tracer = undefined;
      state.capture = undefined;
      await Promise.all(
        stops.map((entry) =>
          entry
            .stop(timeoutMs)
            .catch((error: unknown) => logger.warn("observability shutdown failed", { error })),
        ),
      );
    },
  };
}

/** Whether requests are traced now: then every request goes through `observe()`, none around it. */
export function tracingActive(): boolean {
  return state.tracer !== undefined;
}

/**
 * The per-request middleware: one SERVER span per request named `METHOD /route/:pattern` with the route,
 * method and status (W3C `traceparent` honoured), and 5xx errors to Sentry. A pass-through when
 * `startObservability` turned nothing on. Mount it first: `app.use(observe())`.
 */
export function observe(): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const { tracer, capture } = state;
    if (!tracer && !capture) return next();
    const method = c.req.method;
    const finish = (status: number) => {
      const route = routePath(c, -1) || c.req.path;
      if (status >= 500 && capture) {
        capture(c.error ?? new Error(`${method} ${route} answered ${status}`), {
          method,
          route,
          path: c.req.path,
          requestId: c.get("requestId"),
        });
      }
      return route;
    };
    if (!tracer) {
      await next();
      finish(c.res.status);
      return;
    }
    const headers: Record<string, string> = {};
    c.req.raw.headers.forEach((value, key) => {
      headers[key] = value;
    });
    const parent = propagation.extract(ROOT_CONTEXT, headers);
    const url = new URL(c.req.url);
    const attributes: Attributes = {
      "http.request.method": method,
      "url.path": url.pathname,
      "url.scheme": url.protocol.replace(":", ""),
      "server.address": url.hostname,
    };
    const span = tracer.startSpan(method, { kind: SpanKind.SERVER, attributes }, parent);
    try {
      await context.with(trace.setSpan(parent, span), next);
    } finally {
      const status = c.res.status;
      const route = finish(status);
      span.updateName(`${method} ${route}`);
      span.setAttribute("http.route", route);
      span.setAttribute("http.response.status_code", status);
      const requestId = c.get("requestId");
      if (requestId) span.setAttribute("dai.request_id", requestId);
      if (status >= 500) {
        if (c.error) span.recordException(c.error);
        span.setStatus({ code: SpanStatusCode.ERROR, message: c.error?.message ?? `status ${status}` });
      }
      span.end();
    }
  };
}
