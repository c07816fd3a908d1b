import { trace } from "@opentelemetry/api";
import { afterEach, describe, expect, it, vi } from "vitest";
import { startObservability } from "./index.js";
import { observedApp, recordingServer } from "./test-support.js";

afterEach(() => vi.unstubAllEnvs());

describe("observability off by default", () => {
  it("starts neither SDK, sends nothing and leaves responses untouched when neither is configured", async () => {
    const listener = await recordingServer();
    for (const name of [
      "OTEL_EXPORTER_OTLP_ENDPOINT",
      "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
      "OTEL_TRACES_EXPORTER",
      "SENTRY_DSN",
    ]) {
      vi.stubEnv(name, "");
    }
    const observability = await startObservability();
    expect(observability).toMatchObject({ tracing: false, errorReporting: false });
    // No tracer provider was registered: the API's global tracer is the no-op proxy.
    const span = trace.getTracer("probe").startSpan("probe");
    expect(span.isRecording()).toBe(false);
    span.end();
    const app = observedApp();
    const ok = await app.request("/api/dealers/d-003");
    expect(await ok.json()).toEqual({ id: "d-003" });
    expect((await app.request("/api/boom")).status).toBe(500);
    await observability.flush();
    await observability.shutdown();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(listener.received).toHaveLength(0);
    // Sentry was never initialised.
    const Sentry = await import("@sentry/node");
    expect(Sentry.isInitialized()).toBe(false);
    await listener.close();
  });
});
