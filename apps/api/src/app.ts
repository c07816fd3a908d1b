import { DaiError, type Logger, silentLogger } from "@dai/core";
import type { Manifest } from "@dai/manifest-schema";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import { requestId } from "hono/request-id";
import { secureHeaders } from "hono/secure-headers";
import { problemResponse } from "./middleware/problems.js";
import { requestLog } from "./middleware/request-log.js";
import { healthRoutes } from "./routes/health.js";
import { manifestRoutes } from "./routes/manifest.js";

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
}

/**
 * Builds the API. Runtime-agnostic: no listening socket, no file system access of its own, so the
 * same app is served by the Node entry and by edge runtimes.
 *
 * @example const app = createApp(deps); const res = await app.request("/healthz");
 */
export function createApp(deps: AppDeps) {
  const logger = deps.logger ?? silentLogger;
  const allowed = new Set(deps.corsOrigins);
  const app = new Hono();

  app.use(requestId());
  app.use(requestLog(logger));
  app.use(secureHeaders({ crossOriginResourcePolicy: "same-site" }));
  app.use(
    "/api/*",
    cors({
      origin: (origin) => (allowed.has(origin) ? origin : null),
      allowMethods: ["GET", "HEAD", "POST", "OPTIONS"],
      allowHeaders: ["content-type", "authorization", "last-event-id", "x-request-id"],
      exposeHeaders: ["etag", "x-request-id"],
      maxAge: 600,
    }),
  );
  app.use(
    "/api/*",
    bodyLimit({
      maxSize: deps.bodyLimitBytes,
      onError: () => {
        throw new DaiError("payload_too_large", `request body exceeds ${deps.bodyLimitBytes} bytes`, {
          status: 413,
        });
      },
    }),
  );

  app.route("/healthz", healthRoutes(deps));
  app.route("/api/manifest", manifestRoutes(deps));

  app.notFound((c) =>
    problemResponse(
      c,
      new DaiError("not_found", `no route for ${c.req.method} ${c.req.path}`, { status: 404 }),
      logger,
    ),
  );
  app.onError((error, c) => problemResponse(c, error, logger));
  return app;
}

export type App = ReturnType<typeof createApp>;
