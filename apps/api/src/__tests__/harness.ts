import { mkdtemp } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readScoreInputs, ScoreStore } from "@dai/ai-scores";
import { DEMO_ACCOUNTS } from "@dai/auth";
import { findProjectRoot, silentLogger } from "@dai/core";
import { seedDemoData } from "@dai/demo-data";
import { createMemoryBus, createSseBroadcaster } from "@dai/event-bus";
import { defaultJobs, JobRunLog, runJob } from "@dai/jobs";
import { loadManifest } from "@dai/manifest-schema";
import { createIngest, createTelemetryReadApi, openWarehouse } from "@dai/telemetry";
import { type AppDeps, createApp } from "../app.js";
import { createAuthDeps } from "../auth/deps.js";
import { fileDealerRepository } from "../data/dealers.js";
import { loadApiEnv } from "../env.js";
import { createAiScoresDeps, startAiScores } from "../features/ai-scores.js";
import { startBundles } from "../features/bundles.js";
import { startCopilot } from "../features/copilot.js";
import { startVectors } from "../features/vectors.js";
import { serveApi } from "../serve.js";

const root = findProjectRoot(import.meta.dirname) as string;
export const manifest = await loadManifest(
  join(root, "manifest", "dealershipai-hyper-optimization-manifest.json"),
);
export const WEB_ORIGIN = "http://127.0.0.1:3000";
export const INGEST_KEY = "test-ingest-key-0123456789";
export const account = (role: "admin" | "analyst" | "dealer" | "group") =>
  DEMO_ACCOUNTS.find((a) => a.email.startsWith(`${role}@`)) as (typeof DEMO_ACCOUNTS)[number];

/** A full app on a small seeded data set in a temp dir, in demo mode, as the Node entry builds it. */
export async function harness(
  env: Record<string, string> = {},
  overrides: Partial<AppDeps> = {},
  options: { features?: boolean } = {},
) {
  const dataDir = await mkdtemp(join(tmpdir(), "dai-api-"));
  await seedDemoData({ dataDir, dealers: 40, days: 30, endDate: "2026-06-30" });
  const apiEnv = loadApiEnv({ DAI_DEMO_MODE: "true", AUTH_URL: `${WEB_ORIGIN}/api/auth`, ...env });
  const auth = await createAuthDeps(apiEnv, dataDir);
  const registry = defaultJobs(manifest);
  const runLog = new JobRunLog(dataDir);
  const warehouse = await openWarehouse({ dataDir, env: {} });
  const ingest = await createIngest({ dataDir, ingestKey: INGEST_KEY, warehouse, rotateIntervalMs: 100 });
  const bus = createMemoryBus();
  const broadcaster = createSseBroadcaster({ bus, heartbeatMs: 60_000 });
  // The features the Node entry starts (scores, Copilot, vectors, bundles), with their routes.
  const features = options.features
    ? await Promise.all(
        [startAiScores, startCopilot, startVectors, startBundles].map((start) =>
          start({ manifest, dataDir, bus, logger: silentLogger, env: {} }),
        ),
      )
    : [];
  const app = createApp({
    manifest,
    version: "0.0.0-test",
    startedAt: Date.now(),
    corsOrigins: apiEnv.CORS_ORIGINS,
    bodyLimitBytes: 4096,
    dataSeeded: async () => true,
    dealers: fileDealerRepository(dataDir),
    auth,
    jobs: {
      registry,
      runLog,
      runNow: (name) => runJob(registry.get(name), "manual", { dataDir, manifest, runLog }),
    },
    pulse: { bus, broadcaster },
    dataDir,
    telemetry: { ingest, ingestKey: INGEST_KEY, read: createTelemetryReadApi({ warehouse, manifest }) },
    ...Object.assign({}, ...features.map((feature) => feature.deps)),
    ...overrides,
  });
  return {
    app,
    dataDir,
    /** Stops what the started features run in the background. */
    stopFeatures: async () => {
      for (const feature of features) await feature.stop?.();
    },
    auth,
    bus,
    broadcaster,
    ingest,
    warehouse,
    signIn: (email: string, password: string) => signIn(app, email, password),
    /** Serves the app on a loopback port (the pulse stream needs a real socket); close it when done. */
    listen: () =>
      new Promise<{ url: string; close: () => Promise<void> }>((resolve) => {
        const server = serveApi(app, { port: 0, hostname: "127.0.0.1" }, (info: AddressInfo) => {
          resolve({
            url: `http://127.0.0.1:${info.port}`,
            close: () => new Promise<void>((done) => server.close(() => done())),
          });
        });
      }),
  };
}

/**
 * A harness with AI scores over its seeded data (TTL bounds 5–3600 s, SWR 60 s): the store the scores
 * come from, the inputs it was given, the dealer ids, and `stopScores` for the cache's timers.
 */
export async function scoresHarness(overrides: Partial<AppDeps> = {}) {
  const store = new ScoreStore();
  const scores = createAiScoresDeps(store, {
    minTtlSeconds: 5,
    maxTtlSeconds: 3600,
    staleWhileRevalidateSeconds: 60,
  });
  const h = await harness({}, { aiScores: scores.deps, ...overrides });
  const inputs = await readScoreInputs(h.dataDir);
  store.setInputs(inputs);
  return { h, store, inputs, ids: inputs.dealers.map((dealer) => dealer.id), stopScores: scores.stop };
}

/** Cookies from Set-Cookie headers, as `name=value` pairs a browser would send back. */
export function cookiesOf(response: Response): Record<string, string> {
  const jar: Record<string, string> = {};
  for (const header of response.headers.getSetCookie()) {
    const [pair = ""] = header.split(";");
    const index = pair.indexOf("=");
    jar[pair.slice(0, index)] = pair.slice(index + 1);
  }
  return jar;
}

export const cookieHeader = (jar: Record<string, string>) =>
  Object.entries(jar)
    .map(([k, v]) => `${k}=${v}`)
    .join("; ");

/** The browser's sign-in: fetch the Auth.js CSRF token, post the form, keep the cookies. */
export async function signIn(
  app: ReturnType<typeof createApp>,
  email: string,
  password: string,
  jar: Record<string, string> = {},
) {
  const csrf = await app.request("/api/auth/csrf", { headers: { cookie: cookieHeader(jar) } });
  Object.assign(jar, cookiesOf(csrf));
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await app.request("/api/auth/callback/credentials", {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      cookie: cookieHeader(jar),
      origin: WEB_ORIGIN,
    },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: `${WEB_ORIGIN}/` }).toString(),
  });
  Object.assign(jar, cookiesOf(response));
  return {
    response,
    jar,
    cookie: cookieHeader(jar),
    signedIn: Boolean(cookiesOf(response)["authjs.session-token"]),
  };
}

/** A CSRF token and cookie for a signed-in browser's write. */
export async function csrfFor(app: ReturnType<typeof createApp>, jar: Record<string, string>) {
  const response = await app.request("/api/csrf", { headers: { cookie: cookieHeader(jar) } });
  const { token } = (await response.json()) as { token: string };
  return { token, jar: { ...jar, ...cookiesOf(response) } };
}
