import { afterEach, describe, expect, it, vi } from "vitest";
import { startObservability } from "./index.js";
import { observedApp, recordingServer } from "./test-support.js";

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
  vi.unstubAllEnvs();
});

describe("Sentry error reporting", () => {
  it("sends an envelope for a 500 with the exception and route, and none for a 200 or a 404", async () => {
    const sentry = await recordingServer();
    stops.push(sentry.close);
    const dsn = `http://publickey0123@127.0.0.1:${sentry.port}/42`;
    vi.stubEnv("SENTRY_DSN", dsn);
    const lines: string[] = [];
    const { createLogger } = await import("@dai/core");
    const observability = await startObservability({
      version: "9.9.9",
      logger: createLogger({ write: (line) => lines.push(line) }),
    });
    stops.push(() => observability.shutdown());
    expect(observability).toMatchObject({ tracing: false, errorReporting: true });

    const app = observedApp();
    expect((await app.request("/api/dealers/d-001")).status).toBe(200);
    expect((await app.request("/api/nowhere")).status).toBe(404);
    const failed = await app.request("/api/boom");
    expect(failed.status).toBe(500);
    await observability.flush(3000);

    const envelope = await sentry.waitFor(
      (r) => r.path.startsWith("/api/42/envelope/") && r.body.toString("utf8").includes('"type":"event"'),
    );
    const text = envelope.body.toString("utf8");
    expect(text).toContain("the warehouse fell over");
    expect(text).toContain('"http.route":"/api/boom"');
    expect(text).toContain('"release":"9.9.9"');
    const envelopes = sentry.received.filter((r) => r.path.startsWith("/api/42/envelope/"));
    const events = envelopes.filter((r) => r.body.toString("utf8").includes('"type":"event"'));
    expect(events).toHaveLength(1);
    // The DSN (a secret) is never logged.
    expect(lines.join("\n")).not.toContain("publickey0123");
    expect(lines.join("\n")).toContain("error reporting on");
  });

  it("refuses a malformed SENTRY_DSN naming the variable, without echoing its value", async () => {
    vi.stubEnv("SENTRY_DSN", "not a url secret-value");
    const error = await startObservability().catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain("SENTRY_DSN");
    expect((error as Error).message).not.toContain("secret-value");
  });
});
