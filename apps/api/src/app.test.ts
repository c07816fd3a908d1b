import { describe, expect, it } from "vitest";
import { harness } from "./__tests__/harness.js";
import { loadApiEnv } from "./env.js";

const { app } = await harness();

describe("GET /healthz", () => {
  it("answers ok with versions and data status, never cached", async () => {
    const { app: unseeded } = await harness({}, { dataSeeded: async () => false });
    const res = await unseeded.request("/healthz");
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(await res.json()).toMatchObject({
      status: "ok",
      version: "0.0.0-test",
      manifestVersion: "1.0.0",
      data: { seeded: false },
    });
  });
});

describe("GET /api/manifest", () => {
  it("serves the manifest with an ETag and answers 304 when it has not changed", async () => {
    const first = await app.request("/api/manifest");
    expect(first.status).toBe(200);
    const body = (await first.json()) as { systems: { autoProfiling: { threshold: number } } };
    expect(body.systems.autoProfiling.threshold).toBe(5);
    const tag = first.headers.get("etag");
    expect(tag).toMatch(/^"[\w-]{22}"$/);
    const second = await app.request("/api/manifest", { headers: { "if-none-match": tag as string } });
    expect(second.status).toBe(304);
  });

  it("lists every success metric with its owner and target", async () => {
    const res = await app.request("/api/manifest/success-metrics");
    const body = (await res.json()) as { successMetrics: unknown[] };
    expect(body.successMetrics).toHaveLength(15);
    expect(body.successMetrics[0]).toMatchObject({
      id: "edge-p95-latency",
      owner: "Edge Orchestration",
      targetLabel: "< 120 ms",
    });
  });
});

describe("errors and protections", () => {
  it("answers an unknown route with a problem document, not HTML", async () => {
    const res = await app.request("/api/nope");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(await res.json()).toMatchObject({
      status: 404,
      code: "not_found",
      detail: "no route for GET /api/nope",
      instance: "/api/nope",
    });
  });

  it("refuses an oversized body with 413 problem+json", async () => {
    const res = await app.request("/api/manifest", {
      method: "POST",
      body: "x".repeat(8192),
      headers: { "content-type": "text/plain" },
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ code: "payload_too_large" });
  });

  it("hides the message of an unexpected failure behind a 500", async () => {
    const { app: failing } = await harness(
      {},
      {
        dataSeeded: async () => {
          throw new Error("disk exploded at /secret/path");
        },
      },
    );
    const res = await failing.request("/healthz");
    expect(res.status).toBe(500);
    expect(await res.text()).not.toContain("/secret/path");
  });

  it("sets a JSON API's security headers (and no document-only ones) and a request id", async () => {
    const res = await app.request("/healthz");
    expect(res.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("strict-transport-security")).toMatch(/^max-age=\d+/);
    expect(res.headers.get("cross-origin-resource-policy")).toBe("same-site");
    for (const documentOnly of ["cross-origin-opener-policy", "x-xss-protection", "x-download-options"])
      expect(res.headers.get(documentOnly)).toBeNull();
    expect(res.headers.get("x-request-id")).toBeTruthy();
  });

  it("allows CORS only for listed origins", async () => {
    const allowed = await app.request("/api/manifest", { headers: { origin: "http://localhost:3000" } });
    expect(allowed.headers.get("access-control-allow-origin")).toBe("http://localhost:3000");
    const denied = await app.request("/api/manifest", { headers: { origin: "https://evil.example" } });
    expect(denied.headers.get("access-control-allow-origin")).toBeNull();
  });
});

describe("loadApiEnv", () => {
  it("defaults to loopback:8787 and names a bad port, origin or missing secret", () => {
    expect(loadApiEnv({ DAI_DEMO_MODE: "true" })).toMatchObject({ API_PORT: 8787, API_HOST: "127.0.0.1" });
    expect(() => loadApiEnv({ DAI_DEMO_MODE: "true", API_PORT: "http" })).toThrow(/API_PORT: .*got "http"/);
    expect(loadApiEnv({ DAI_DEMO_MODE: "true", API_RATE_LIMIT: "50" })).toMatchObject({
      API_RATE_LIMIT: 50,
      API_RATE_WINDOW_SECONDS: 60,
    });
    expect(() => loadApiEnv({ DAI_DEMO_MODE: "true", API_RATE_WINDOW_SECONDS: "0" })).toThrow(
      /API_RATE_WINDOW_SECONDS/,
    );
    expect(() => loadApiEnv({ DAI_DEMO_MODE: "true", CORS_ORIGINS: "localhost:3000" })).toThrow(
      /CORS_ORIGINS/,
    );
    expect(() => loadApiEnv({})).toThrow(/AUTH_SECRET: required outside demo mode/);
    expect(() => loadApiEnv({ DAI_DEMO_MODE: "true", AUTH_OIDC_ISSUER: "https://id.example" })).toThrow(
      /AUTH_OIDC_ISSUER: set .* together/,
    );
  });
});
