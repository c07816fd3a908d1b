import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { harness } from "./__tests__/harness.js";
import type { ApiEnv } from "./access.js";
import { RATE_LIMIT_DEFAULTS, rateLimit, requestTimeout } from "./middleware/rate-limit.js";

/** A tiny app whose caller is whatever the `x-test-key` header says, behind the rate limiter. */
function limitedApp(limit: number, clock: { now: number }) {
  const app = new Hono<ApiEnv>();
  app.use(async (c, next) => {
    const id = c.req.header("x-test-key");
    c.set("principal", id ? { kind: "api-key", id, name: id, role: "analyst", dealerIds: null } : undefined);
    await next();
  });
  app.use(rateLimit({ limit, windowMs: 60_000, now: () => clock.now }));
  app.get("/x", (c) => c.json({ ok: true }));
  return app;
}

describe("per-API-key rate limiting", () => {
  it("counts down the remaining quota in RateLimit, then answers 429 problem+json with Retry-After until the window resets", async () => {
    const clock = { now: 1_000_000 };
    const app = limitedApp(3, clock);
    const call = () => app.request("/x", { headers: { "x-test-key": "k1" } });
    const remaining: string[] = [];
    for (let i = 0; i < 3; i++) {
      const response = await call();
      expect(response.status).toBe(200);
      expect(response.headers.get("ratelimit-policy")).toBe('"per-key";q=3;w=60');
      remaining.push(response.headers.get("ratelimit") as string);
    }
    expect(remaining).toEqual(['"per-key";r=2;t=60', '"per-key";r=1;t=60', '"per-key";r=0;t=60']);
    clock.now += 20_000;
    const refused = await call();
    expect(refused.status).toBe(429);
    expect(refused.headers.get("content-type")).toBe("application/problem+json");
    expect(refused.headers.get("retry-after")).toBe("40");
    expect(refused.headers.get("ratelimit")).toBe('"per-key";r=0;t=40');
    const problem = (await refused.json()) as { status: number; code: string; detail: string };
    expect(problem).toMatchObject({ status: 429, code: "rate_limited" });
    expect(problem.detail).toContain("k1");
    // Another key has its own budget; the first gets a fresh window after the reset.
    expect((await app.request("/x", { headers: { "x-test-key": "k2" } })).status).toBe(200);
    clock.now += 40_000;
    const renewed = await call();
    expect(renewed.status).toBe(200);
    expect(renewed.headers.get("ratelimit")).toBe('"per-key";r=2;t=60');
  });

  it("leaves callers without an API key alone", async () => {
    const app = limitedApp(1, { now: 0 });
    for (let i = 0; i < 3; i++) {
      const response = await app.request("/x");
      expect(response.status).toBe(200);
      expect(response.headers.get("ratelimit")).toBeNull();
      expect(response.headers.get("ratelimit-policy")).toBeNull();
    }
  });

  it("is mounted in the app: API-key answers carry the RateLimit headers of the default policy", async () => {
    const h = await harness();
    const { key } = await h.auth.apiKeys.create({
      name: "rl",
      role: "analyst",
      dealerIds: null,
      createdBy: "test",
    });
    const response = await h.app.request("/api/dealers", { headers: { authorization: `Bearer ${key}` } });
    expect(response.status).toBe(200);
    const { limit, windowMs } = RATE_LIMIT_DEFAULTS;
    expect(response.headers.get("ratelimit-policy")).toBe(`"per-key";q=${limit};w=${windowMs / 1000}`);
    expect(response.headers.get("ratelimit")).toMatch(new RegExp(`^"per-key";r=${limit - 1};t=\\d+$`));
  });

  it("refuses a nonsensical configuration naming the option", () => {
    expect(() => rateLimit({ limit: 0 })).toThrow(/limit/);
    expect(() => rateLimit({ windowMs: 10 })).toThrow(/windowMs/);
  });
});

describe("request timeouts", () => {
  it("answers 504 problem+json when a handler is slower than its budget", async () => {
    const { problemResponse } = await import("./middleware/problems.js");
    const { silentLogger } = await import("@dai/core");
    const app = new Hono<ApiEnv>();
    app.use(requestTimeout(50));
    app.get("/slow", async (c) => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      return c.text("late");
    });
    app.get("/fast", (c) => c.text("ok"));
    app.onError((error, c) => problemResponse(c, error, silentLogger));
    expect((await app.request("/fast")).status).toBe(200);
    const slow = await app.request("/slow");
    expect(slow.status).toBe(504);
    expect(slow.headers.get("content-type")).toBe("application/problem+json");
    expect(((await slow.json()) as { detail: string }).detail).toContain("/slow took longer than 50 ms");
  });
});
