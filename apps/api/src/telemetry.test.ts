import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { account, harness, INGEST_KEY } from "./__tests__/harness.js";

describe("telemetry routes", () => {
  it("ingests a batch with the ingest key, refuses one without it, and measures the API's own latency", async () => {
    const tracked: unknown[] = [];
    const h = await harness({}, { track: (event) => void tracked.push(event) });
    const event = {
      id: randomUUID(),
      time: new Date().toISOString(),
      schemaVersion: 1,
      kind: "health.check",
      check: "api",
      ok: true,
    };
    const post = (headers: Record<string, string>) =>
      h.app.request("/api/telemetry", {
        method: "POST",
        body: JSON.stringify({ events: [event] }),
        headers: { "content-type": "application/json", ...headers },
      });
    const refused = await post({});
    expect(refused.status).toBe(401);
    expect(refused.headers.get("content-type")).toBe("application/problem+json");
    const accepted = await post({ authorization: `Bearer ${INGEST_KEY}` });
    const body = await accepted.json();
    expect(accepted.status, JSON.stringify(body)).toBe(200);
    expect(body).toMatchObject({ accepted: 1 });
    await h.ingest.flush();
    const analyst = await h.signIn(account("analyst").email, account("analyst").password);
    const slo = await h.app.request("/api/telemetry/slo?window=24h", { headers: { cookie: analyst.cookie } });
    expect(slo.status).toBe(200);
    const evaluation = (await slo.json()) as { metrics: { id: string; status: string }[] };
    expect(evaluation.metrics.length).toBeGreaterThan(5);
    expect(tracked).toContainEqual(
      expect.objectContaining({ kind: "api.request", route: "/api/telemetry/slo", status: 200 }),
    );
    const counters = await h.app.request("/api/telemetry/ingest", { headers: { cookie: analyst.cookie } });
    expect(counters.status).toBe(200);
    const stats = (await counters.json()) as Record<string, number>;
    expect(stats).toMatchObject({ loadErrors: 0, rejectedFiles: 0 });
    expect(stats.acceptedEvents).toBeGreaterThanOrEqual(1);
    expect(stats.loadedEvents).toBeGreaterThanOrEqual(1);
    const dealer = await h.signIn(account("dealer").email, account("dealer").password);
    for (const path of ["/api/telemetry/slo", "/api/telemetry/ingest"])
      expect((await h.app.request(path, { headers: { cookie: dealer.cookie } })).status, path).toBe(403);
  });
});
