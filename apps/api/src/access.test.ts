import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { encode } from "@auth/core/jwt";
import { type AccessRule, DEMO_ACCOUNTS, type Principal, resolveDemoPrincipal } from "@dai/auth";
import { runTwinUpdate } from "@dai/dealer-twin";
import type { Dealer } from "@dai/demo-data";
import { createPureBackend, updateDealerVectors } from "@dai/vector-engine";
import { beforeAll, describe, expect, it } from "vitest";
import { account, cookieHeader, csrfFor, harness, signIn, WEB_ORIGIN } from "./__tests__/harness.js";

// Every feature the Node entry starts, so the walk covers their routes too.
const h = await harness({ SESSION_UPDATE_AGE_SECONDS: "0" }, {}, { features: true });
const dealers = JSON.parse(await readFile(join(h.dataDir, "dealers.json"), "utf8")) as Dealer[];
const principals = Object.fromEntries(
  (["admin", "analyst", "dealer", "group"] as const).map((role) => [
    role,
    resolveDemoPrincipal(account(role), dealers),
  ]),
) as Record<"admin" | "analyst" | "dealer" | "group", Principal>;
const ownDealer = principals.dealer.dealerIds?.[0] as string;
const foreignDealer = dealers.find((d) => !principals.group.dealerIds?.includes(d.id) && d.id !== ownDealer)
  ?.id as string;

/** Who calls: anonymous, each demo account by session, and a dealer API key of another scope. */
type Caller = {
  name: string;
  principal: Principal | undefined;
  headers: () => Promise<Record<string, string>>;
};
const callers: Caller[] = [];

beforeAll(async () => {
  // The twin routes serve the daily job's output: build it once for this data set.
  await runTwinUpdate({ dataDir: h.dataDir, horizonDays: 14, workers: 1 });
  // …and the vector job's, for the similar-dealer and cluster routes.
  await updateDealerVectors({
    dataDir: h.dataDir,
    backend: createPureBackend(),
    kMin: 2,
    kMax: 3,
    restarts: 1,
    holdoutDays: 7,
    accuracyTarget: 0.9,
  });
  callers.push({ name: "anonymous", principal: undefined, headers: async () => ({}) });
  for (const role of ["admin", "analyst", "dealer", "group"] as const) {
    const session = await signIn(h.app, account(role).email, account(role).password);
    expect(session.signedIn, `${role} signs in`).toBe(true);
    callers.push({
      name: role,
      principal: principals[role],
      headers: async () => {
        const { token, jar } = await csrfFor(h.app, session.jar);
        return {
          cookie: cookieHeader(jar),
          origin: WEB_ORIGIN,
          "x-csrf-token": token,
          "content-type": "application/json",
        };
      },
    });
  }
  const { key } = await h.auth.apiKeys.create({
    name: "other-dealer",
    role: "dealer",
    dealerIds: [foreignDealer],
    createdBy: "test",
  });
  callers.push({
    name: "dealer key of another scope",
    principal: { kind: "api-key", id: "k", name: "k", role: "dealer", dealerIds: [foreignDealer] },
    headers: async () => ({ authorization: `Bearer ${key}`, "content-type": "application/json" }),
  });
  // A message to rate for each dealer a caller's scope starts with.
  const admin = callers.find((c) => c.name === "admin") as Caller;
  for (const caller of callers) {
    const dealerId = caller.principal?.dealerIds?.[0] ?? ownDealer;
    if (messageIds.has(dealerId)) continue;
    const response = await h.app.request(`/api/copilot/${dealerId}/messages`, {
      headers: await admin.headers(),
    });
    expect(response.status, `messages of ${dealerId}`).toBe(200);
    const { messages } = (await response.json()) as { messages: { id: string }[] };
    messageIds.set(dealerId, messages[0]?.id as string);
  }
});

/** Concrete requests for a route pattern: every dealer route is tried in and out of the caller's scope. */
type SampleBody = string | ((caller: Caller) => string);

async function samplesFor(
  method: string,
  path: string,
): Promise<{ path: string; dealerId?: string; body?: SampleBody }[]> {
  const body = SAMPLE_BODIES[`${method} ${path}`];
  if (method !== "GET" && body === undefined && !path.includes(":") && !path.endsWith("*")) {
    throw new Error(`add a sample body for ${method} ${path} to the access test`);
  }
  if (path.endsWith("/*")) return [{ path: path.replace("*", "session") }];
  if (path.includes(":keyId")) {
    const { id } = await h.auth.apiKeys.create({
      name: "to-revoke",
      role: "analyst",
      dealerIds: null,
      createdBy: "test",
    });
    return [{ path: path.replace(":keyId", id) }];
  }
  if (path.includes(":name")) return [{ path: path.replace(":name", "benchmark-refresh") }];
  if (path.includes(":dealerId")) {
    return [ownDealer, foreignDealer].map((dealerId) => ({
      path: path.replace(":dealerId", dealerId),
      dealerId,
    }));
  }
  return [{ path, body }];
}

/** A rating of a Copilot message about a dealer in the caller's own scope (each caller rates once). */
const messageIds = new Map<string, string>();
const rateOwnMessage = (caller: Caller) => {
  const dealerId = caller.principal?.dealerIds?.[0] ?? ownDealer;
  return JSON.stringify({ messageId: messageIds.get(dealerId) ?? "unknown", dealerId, feedback: "up" });
};

const SAMPLE_BODIES: Record<string, SampleBody> = {
  "POST /api/copilot/feedback": rateOwnMessage,
  "POST /api/telemetry": JSON.stringify({ events: [] }),
  "POST /api/telemetry/browser": JSON.stringify({
    events: [
      {
        id: "00000000-0000-4000-8000-000000000001",
        time: "2026-06-30T12:00:00.000Z",
        schemaVersion: 1,
        kind: "sse.delivery",
        latencyMs: 12,
      },
    ],
  }),
  "POST /api/admin/api-keys": JSON.stringify({ name: "walker", role: "analyst" }),
};

/** The SSE route needs a socket: its status is read from a real connection, which is then dropped. */
async function openStream(path: string, init: RequestInit): Promise<Response> {
  const server = await h.listen();
  const controller = new AbortController();
  try {
    const response = await fetch(`${server.url}${path}`, { ...init, signal: controller.signal });
    const status = response.status;
    const headers = response.headers;
    const body = status >= 400 ? await response.text() : "";
    controller.abort();
    return new Response(body || null, { status, headers });
  } finally {
    await server.close();
  }
}

/** What the rule says the answer must be. */
function expectedStatus(
  rule: AccessRule,
  principal: Principal | undefined,
  dealerId: string | undefined,
  path: string,
): "allowed" | 401 | 403 | 404 {
  // Telemetry ingest takes only the ingest key, which no session or API key is.
  if (path === "/api/telemetry") return 401;
  if ("public" in rule) return "allowed";
  if (!principal) return 401;
  if (!rule.roles.includes(principal.role)) return 403;
  if (rule.write && principal.role === "analyst") return 403;
  if (rule.dealerParam && dealerId && principal.dealerIds !== null && !principal.dealerIds.includes(dealerId))
    return 404;
  return "allowed";
}

describe("every route × every caller", () => {
  it("has a declared rule for every route the app serves", () => {
    const declared = new Set(
      h.app.routeTable.entries.flatMap((e) =>
        (e.method === "ALL" ? ["GET", "POST", "PUT", "PATCH", "DELETE"] : [e.method]).map(
          (m) => `${m} ${e.path}`,
        ),
      ),
    );
    const served = h.app.routes
      .filter((r) => r.method !== "ALL" && r.path !== "/*")
      .map((r) => `${r.method} ${r.path}`);
    expect(served.filter((route) => !declared.has(route))).toEqual([]);
    expect(served.length).toBeGreaterThan(10);
  });

  it("declares a dealer scope on every route that names a dealer", () => {
    const unscoped = h.app.routeTable.entries.filter(
      (e) => e.path.includes(":dealerId") && !("roles" in e.rule && e.rule.dealerParam === "dealerId"),
    );
    expect(unscoped.map((e) => `${e.method} ${e.path}`)).toEqual([]);
  });

  it("answers each caller as the route's rule says (allowed, 401, 403, 404) and filters lists by scope", async () => {
    const outcomes: string[] = [];
    const seen = new Set<string>();
    for (const { method, path, rule } of h.app.routeTable.entries) {
      for (const sample of await samplesFor(method === "ALL" ? "GET" : method, path)) {
        for (const caller of callers) {
          const expected = expectedStatus(rule, caller.principal, sample.dealerId, path);
          const init = {
            method: method === "ALL" ? "GET" : method,
            headers: await caller.headers(),
            body: ((body) => (typeof body === "function" ? body(caller) : body))(
              sample.body ?? SAMPLE_BODIES[`${method} ${path}`],
            ),
          };
          const response =
            path === "/api/pulse-stream"
              ? await openStream(sample.path, init)
              : await h.app.request(sample.path, init);
          const text = await response.text();
          const ok = expected === "allowed" ? response.status < 400 : response.status === expected;
          seen.add(String(expected));
          if (!ok)
            outcomes.push(
              `${caller.name} ${method} ${sample.path}: expected ${expected}, got ${response.status} ${text}`,
            );
          if (response.status >= 400) {
            expect(response.headers.get("content-type"), `${method} ${sample.path}`).toBe(
              "application/problem+json",
            );
            if (sample.dealerId && sample.dealerId !== ownDealer && caller.name === "dealer")
              expect(text).not.toContain(dealers.find((d) => d.id === sample.dealerId)?.name as string);
          }
          if (!("public" in rule) && response.status < 400)
            expect(response.headers.get("cache-control")).toMatch(/^private, no-store/);
        }
      }
    }
    expect(outcomes).toEqual([]);
    // The walk met every kind of answer, so a rule that allowed everything would have failed it.
    expect([...seen].sort()).toEqual(["401", "403", "404", "allowed"]);
  });

  it("lists only the dealers in scope", async () => {
    for (const caller of callers.filter((c) => c.principal)) {
      const response = await h.app.request("/api/dealers", { headers: await caller.headers() });
      const { dealers: listed } = (await response.json()) as { dealers: Dealer[] };
      const expected = caller.principal?.dealerIds ?? dealers.map((d) => d.id);
      expect(listed.map((d) => d.id).sort(), caller.name).toEqual([...expected].sort());
    }
  });

  it("scopes exports: a dealer cannot export another dealer's KPIs", async () => {
    const dealer = callers.find((c) => c.name === "dealer") as Caller;
    const own = await h.app.request(`/api/dealers/${ownDealer}/kpis?format=ndjson`, {
      headers: await dealer.headers(),
    });
    expect(own.status).toBe(200);
    expect((await own.text()).trim().split("\n")).toHaveLength(30);
    const other = await h.app.request(`/api/dealers/${foreignDealer}/kpis?format=ndjson`, {
      headers: await dealer.headers(),
    });
    expect(other.status).toBe(404);
  });
});

describe("refusals", () => {
  it("session fixation: a cookie planted before sign-in is not a session, and sign-in issues a new one", async () => {
    const planted = { "authjs.session-token": "attacker-chosen-value" };
    expect((await h.app.request("/api/me", { headers: { cookie: cookieHeader(planted) } })).status).toBe(401);
    const session = await signIn(h.app, account("admin").email, account("admin").password, { ...planted });
    expect(session.jar["authjs.session-token"]).not.toBe("attacker-chosen-value");
    expect((await h.app.request("/api/me", { headers: { cookie: session.cookie } })).status).toBe(200);
  });

  it("refuses a forged and an expired session cookie", async () => {
    const forged = await encode({
      token: { dai: principals.admin },
      secret: "not-the-server-secret-not-the-server",
      salt: "authjs.session-token",
    });
    expect(
      (await h.app.request("/api/me", { headers: { cookie: `authjs.session-token=${forged}` } })).status,
    ).toBe(401);
    const secret = h.auth.config.secret as string;
    const expired = await encode({
      token: { dai: principals.admin, sub: "x" },
      secret,
      salt: "authjs.session-token",
      maxAge: -60,
    });
    expect(
      (await h.app.request("/api/me", { headers: { cookie: `authjs.session-token=${expired}` } })).status,
    ).toBe(401);
    const valid = await encode({
      token: { dai: principals.admin, sub: "x" },
      secret,
      salt: "authjs.session-token",
      maxAge: 60,
    });
    expect(
      (await h.app.request("/api/me", { headers: { cookie: `authjs.session-token=${valid}` } })).status,
    ).toBe(200);
  });

  it("rotates the session cookie on use and ends it everywhere on sign-out", async () => {
    const session = await signIn(h.app, account("analyst").email, account("analyst").password);
    const me = await h.app.request("/api/me", { headers: { cookie: session.cookie } });
    expect(me.status).toBe(200);
    expect(me.headers.getSetCookie().some((c) => c.startsWith("authjs.session-token="))).toBe(true);
    const csrf = await h.app.request("/api/auth/csrf", { headers: { cookie: session.cookie } });
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const out = await h.app.request("/api/auth/signout", {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        cookie: session.cookie,
        origin: WEB_ORIGIN,
      },
      body: new URLSearchParams({ csrfToken }).toString(),
    });
    expect(out.status).toBeLessThan(400);
    // The old cookie, replayed after sign-out, no longer works.
    expect((await h.app.request("/api/me", { headers: { cookie: session.cookie } })).status).toBe(401);
  });

  it("refuses a tampered API key", async () => {
    const { key } = await h.auth.apiKeys.create({
      name: "t",
      role: "admin",
      dealerIds: null,
      createdBy: "test",
    });
    expect(
      (await h.app.request("/api/admin/audit", { headers: { authorization: `Bearer ${key}` } })).status,
    ).toBe(200);
    const tampered = `${key.slice(0, -2)}${key.endsWith("xx") ? "yy" : "xx"}`;
    const response = await h.app.request("/api/admin/audit", {
      headers: { authorization: `Bearer ${tampered}` },
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: "invalid_api_key" });
  });

  it("refuses a browser write without the CSRF token or from a foreign origin", async () => {
    const session = await signIn(h.app, account("admin").email, account("admin").password);
    const body = JSON.stringify({ name: "x", role: "analyst" });
    const post = (headers: Record<string, string>) =>
      h.app.request("/api/admin/api-keys", {
        method: "POST",
        body,
        headers: { "content-type": "application/json", ...headers },
      });
    const { token, jar } = await csrfFor(h.app, session.jar);
    expect((await post({ cookie: cookieHeader(jar), origin: WEB_ORIGIN })).status).toBe(403);
    expect(
      (await post({ cookie: cookieHeader(jar), origin: "https://evil.example", "x-csrf-token": token }))
        .status,
    ).toBe(403);
    expect(
      (await post({ cookie: cookieHeader(jar), origin: WEB_ORIGIN, "x-csrf-token": "forged" })).status,
    ).toBe(403);
    expect(
      (await post({ cookie: cookieHeader(jar), origin: WEB_ORIGIN, "x-csrf-token": token })).status,
    ).toBe(201);
  });

  it("refuses 100 wrong passwords in a row, then rate-limits even the right one, and audits every attempt", async () => {
    const fresh = await harness();
    const target = account("dealer");
    const statuses: number[] = [];
    for (let i = 0; i < 100; i++) {
      const attempt = await signIn(fresh.app, target.email, `wrong-${i}`);
      expect(attempt.signedIn).toBe(false);
      statuses.push(attempt.response.status);
    }
    expect(statuses.slice(0, 10).every((s) => s === 302)).toBe(true);
    expect(statuses.slice(10).every((s) => s === 429)).toBe(true);
    const right = await signIn(fresh.app, target.email, target.password);
    expect(right.signedIn).toBe(false);
    expect(right.response.status).toBe(429);
    expect(Number(right.response.headers.get("retry-after"))).toBeGreaterThan(0);
    const entries = await fresh.auth.audit.recent(1000);
    expect(entries.filter((e) => e.action === "sign-in" && e.outcome === "failure")).toHaveLength(101);
  });

  it("lets an admin read the audit trail of sign-ins and key administration", async () => {
    const admin = callers.find((c) => c.name === "admin") as Caller;
    const response = await h.app.request("/api/admin/audit", { headers: await admin.headers() });
    const { entries } = (await response.json()) as { entries: { action: string; actor: string }[] };
    expect(entries.some((e) => e.action === "sign-in" && e.actor === account("dealer").email)).toBe(true);
    expect(entries.some((e) => e.action === "api-key.create")).toBe(true);
    expect(DEMO_ACCOUNTS).toHaveLength(4);
  });
});

describe("session cookies and providers", () => {
  it("sets the session cookie HttpOnly and SameSite=Lax, without Secure on plain-http localhost", async () => {
    const session = await signIn(h.app, account("analyst").email, account("analyst").password);
    const cookie = session.response.headers
      .getSetCookie()
      .find((c) => c.startsWith("authjs.session-token=")) as string;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/;\s*Secure/i);
  });

  it("marks cookies Secure (and __Secure- prefixed) when the dashboard is served over https", async () => {
    const secure = await harness({
      AUTH_URL: "https://dash.example.com/api/auth",
      CORS_ORIGINS: "https://dash.example.com",
    });
    const csrf = await secure.app.request("/api/auth/csrf");
    expect(csrf.headers.getSetCookie().every((c) => /;\s*Secure/i.test(c))).toBe(true);
    expect(csrf.headers.getSetCookie().some((c) => c.startsWith("__Host-authjs.csrf-token="))).toBe(true);
  });

  it("offers the OpenID Connect provider when it is configured", async () => {
    const withOidc = await harness({
      AUTH_OIDC_ISSUER: "https://id.example.com",
      AUTH_OIDC_CLIENT_ID: "dai",
      AUTH_OIDC_CLIENT_SECRET: "s3cret-from-env",
      AUTH_OIDC_NAME: "Example SSO",
    });
    const providers = (await (await withOidc.app.request("/api/auth/providers")).json()) as Record<
      string,
      { name: string; type: string }
    >;
    expect(providers.oidc).toMatchObject({ name: "Example SSO", type: "oidc" });
    expect(providers.credentials).toBeDefined();
  });

  it("lists demo accounts only in demo mode", async () => {
    expect((await h.app.request("/api/demo-accounts")).status).toBe(200);
    const production = await harness({ DAI_DEMO_MODE: "false", AUTH_SECRET: "x".repeat(40) });
    expect((await production.app.request("/api/demo-accounts")).status).toBe(404);
    const attempt = await signIn(production.app, account("admin").email, account("admin").password);
    expect(attempt.signedIn).toBe(false);
  });
});
