import type { AuthConfig } from "@auth/core";
import type { AccountDirectory, ApiKeyStore, AuditLog, SessionRevocations } from "@dai/auth";
import { DaiError, type Logger, silentLogger } from "@dai/core";
import type { Manifest } from "@dai/manifest-schema";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import { requestId } from "hono/request-id";
import { secureHeaders } from "hono/secure-headers";
import {
  type ApiEnv,
  accessControl,
  type CsrfTokens,
  guardedRoutes,
  KeyUseAudit,
  RouteTable,
} from "./access.js";
import type { DealerRepository } from "./data/dealers.js";
import { createFastLane } from "./fast-lane.js";
import { problemResponse } from "./middleware/problems.js";
import { ApiKeyBudget, rateLimit, requestTimeout } from "./middleware/rate-limit.js";
import { requestLog, type TrackRequest } from "./middleware/request-log.js";
import { observe } from "./observability/index.js";
import { adminRoutes } from "./routes/admin.js";
import { type AiScoresDeps, aiScoresRoutes } from "./routes/ai-scores.js";
import { authRoutes } from "./routes/auth.js";
import { type BundlesDeps, bundlesRoutes } from "./routes/bundles.js";
import { type CopilotDeps, copilotRoutes } from "./routes/copilot.js";
import { dealerRoutes } from "./routes/dealers.js";
import { healthRoutes } from "./routes/health.js";
import { type JobsDeps, jobRoutes } from "./routes/jobs.js";
import { manifestRoutes } from "./routes/manifest.js";
import { type PulseDeps, pulseRoutes } from "./routes/pulse.js";
import { type TelemetryDeps, telemetryRoutes } from "./routes/telemetry.js";
import { twinRoutes } from "./routes/twin.js";
import { type VectorsDeps, vectorsRoutes } from "./routes/vectors.js";

/** Sign-in, sessions, keys and audit: everything access control needs. */
export interface AuthDeps {
  config: AuthConfig;
  /** Public URL of the auth routes (`…/api/auth`), as the browser reaches them. */
  url: string;
  demo: boolean;
  accounts: AccountDirectory;
  apiKeys: ApiKeyStore;
  audit: AuditLog;
  csrf: CsrfTokens;
  revocations: SessionRevocations;
  signInLimit: { perIp: number; perAccount: number; windowMs: number };
}

/** Everything the app needs from outside; tests pass their own and call `app.request()`. */
export interface AppDeps {
  manifest: Manifest;
  logger?: Logger;
  version: string;
  startedAt: number;
  corsOrigins: readonly string[];
  bodyLimitBytes: number;
  /** Whether the demo data set is in place (checked per health request, cheap). */
  dataSeeded: () => Promise<boolean>;
  dealers: DealerRepository;
  auth: AuthDeps;
  /** The scheduled jobs, when this process runs them. */
  jobs?: JobsDeps;
  /** The pulse stream (event bus + SSE broadcaster). */
  pulse?: PulseDeps;
  /** The telemetry hub (ingest + read routes). */
  telemetry?: TelemetryDeps;
  /** The data dir, for routes that serve the daily jobs' files (dealer twins). */
  dataDir?: string;
  /** Where the API reports its own request latency. */
  track?: TrackRequest;
  /** Per-API-key request budget (default 1200 per 60 s). */
  rateLimit?: { limit: number; windowMs: number };
  /** AI Visibility scores with auto-tuned caching (`/api/ai-scores`). */
  aiScores?: AiScoresDeps;
  /** The Copilot: messages, feedback, tone and mood (`/api/copilot`). */
  copilot?: CopilotDeps;
  /** Embeddings, clusters and similar dealers. */
  vectors?: VectorsDeps;
  /** Bundle-size history, comparisons and Lighthouse scores. */
  bundles?: BundlesDeps;
}

/**
 * The security headers of a JSON API (OWASP REST Security Cheat Sheet): nothing it answers may run,
 * embed anything or be framed (CSP `default-src 'none'; frame-ancestors 'none'`, `X-Frame-Options`
 * for old browsers), no MIME sniffing, HTTPS only, no cross-site reads. The document-only headers of
 * the default set (opener policy, origin-agent-cluster, referrer policy, DNS prefetch, IE download
 * options, Flash policies, the XSS auditor) change nothing for JSON and cost every response bytes; the
 * dashboard sets its pages' own (`apps/web/next.config.ts`).
 */
const API_SECURITY_HEADERS = {
  contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
  crossOriginResourcePolicy: "same-site",
  crossOriginOpenerPolicy: false,
  originAgentCluster: false,
  referrerPolicy: false,
  xDnsPrefetchControl: false,
  xDownloadOptions: false,
  xFrameOptions: "DENY",
  xPermittedCrossDomainPolicies: false,
  xXssProtection: false,
} satisfies Parameters<typeof secureHeaders>[0];

/**
 * Builds the API. Runtime-agnostic: no listening socket of its own, so the same app is served by the
 * Node entry and, later, by edge runtimes. Every route is registered with its access rule.
 *
 * @example const app = createApp(deps); const res = await app.request("/healthz");
 */
export function createApp(deps: AppDeps) {
  const logger = deps.logger ?? silentLogger;
  const allowed = new Set(deps.corsOrigins);
  const app = new Hono<ApiEnv>();
  const table = new RouteTable();
  const keyUse = new KeyUseAudit();
  const budget = new ApiKeyBudget(deps.rateLimit);
  const staticHeaders = secureHeaders(API_SECURITY_HEADERS);

  app.use(requestId());
  app.use(observe());
  app.use(requestLog(logger, deps.track));
  app.use(staticHeaders);
  const allowCrossOrigin = cors({
    origin: (origin) => (allowed.has(origin) ? origin : null),
    allowMethods: ["GET", "HEAD", "POST", "DELETE", "OPTIONS"],
    allowHeaders: ["content-type", "authorization", "last-event-id", "x-request-id", "x-csrf-token"],
    exposeHeaders: ["etag", "x-request-id", "ratelimit", "ratelimit-policy", "retry-after"],
    credentials: true,
    maxAge: 600,
  });
  // Only browsers send Origin, and only they read CORS headers. Hono's cors middleware builds the
  // response early (it sets headers on c.res before the handler runs), which costs every server-to-server
  // request a second Response: skip it without an Origin, keeping Vary so shared caches stay correct.
  app.use("/api/*", (c, next) => {
    if (c.req.header("origin") !== undefined) return allowCrossOrigin(c, next);
    c.header("vary", "Origin", { append: true });
    return next();
  });
  const limitBody = bodyLimit({
    maxSize: deps.bodyLimitBytes,
    onError: () => {
      throw new DaiError("payload_too_large", `request body exceeds ${deps.bodyLimitBytes} bytes`, {
        status: 413,
      });
    },
  });
  // Reads carry no body; checking one would build the full Fetch Request for every GET (~10% of a read).
  app.use("/api/*", (c, next) =>
    c.req.method === "GET" || c.req.method === "HEAD" ? next() : limitBody(c, next),
  );
  app.use("/api/*", requestTimeout());
  app.use(
    accessControl({
      table,
      apiKeys: deps.auth.apiKeys,
      audit: deps.auth.audit,
      authConfig: deps.auth.config,
      authUrl: deps.auth.url,
      trustedOrigins: new Set([new URL(deps.auth.url).origin, ...deps.corsOrigins]),
      csrf: deps.auth.csrf,
      revocations: deps.auth.revocations,
      keyUse,
    }),
  );

  app.use("/api/*", rateLimit({ budget, logger }));

  const routes = guardedRoutes(app, table);
  healthRoutes(routes, deps);
  manifestRoutes(routes, deps);
  authRoutes(routes, deps);
  dealerRoutes(routes, deps);
  adminRoutes(routes, deps);
  jobRoutes(routes, deps);
  pulseRoutes(routes, deps);
  telemetryRoutes(routes, deps);
  twinRoutes(routes, deps);
  aiScoresRoutes(routes, deps);
  copilotRoutes(routes, deps);
  vectorsRoutes(routes, deps);
  bundlesRoutes(routes, deps);

  app.notFound((c) =>
    problemResponse(
      c,
      new DaiError("not_found", `no route for ${c.req.method} ${c.req.path}`, { status: 404 }),
      logger,
    ),
  );
  app.onError((error, c) => problemResponse(c, error, logger));
  // The Node entry answers the hottest reads through this lane (`serveApi`); `app.fetch` never uses it.
  const fastLane = createFastLane({
    table,
    apiKeys: deps.auth.apiKeys,
    keyUse,
    budget,
    logger,
    track: deps.track,
    staticHeaders,
  });
  return Object.assign(app, { routeTable: table, fastLane });
}

export type App = ReturnType<typeof createApp>;
