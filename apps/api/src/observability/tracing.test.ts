import { afterEach, describe, expect, it, vi } from "vitest";
import { startObservability, tracingConfigured } from "./index.js";
import { observedApp, recordingServer } from "./test-support.js";

interface OtlpJson {
  resourceSpans: Array<{
    resource: { attributes: Array<{ key: string; value: { stringValue?: string } }> };
    scopeSpans: Array<{
      spans: Array<{
        name: string;
        kind: number;
        traceId: string;
        parentSpanId?: string;
        attributes: Array<{ key: string; value: { stringValue?: string; intValue?: number | string } }>;
        status: { code?: number };
      }>;
    }>;
  }>;
}

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
  vi.unstubAllEnvs();
});

describe("OpenTelemetry tracing", () => {
  it("is on only when an OTLP endpoint or a traces exporter is configured, and `none` turns it off", () => {
    expect(tracingConfigured({})).toBe(false);
    expect(tracingConfigured({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318" })).toBe(true);
    expect(tracingConfigured({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "http://collector:4318/v1/traces" })).toBe(
      true,
    );
    expect(tracingConfigured({ OTEL_TRACES_EXPORTER: "console" })).toBe(true);
    expect(
      tracingConfigured({ OTEL_TRACES_EXPORTER: "none", OTEL_EXPORTER_OTLP_ENDPOINT: "http://c:4318" }),
    ).toBe(false);
    expect(
      tracingConfigured({ OTEL_SDK_DISABLED: "true", OTEL_EXPORTER_OTLP_ENDPOINT: "http://c:4318" }),
    ).toBe(false);
  });

  it("exports one server span per request, as OTLP/HTTP JSON, with the route pattern, status and service name", async () => {
    const collector = await recordingServer();
    stops.push(collector.close);
    vi.stubEnv("OTEL_EXPORTER_OTLP_ENDPOINT", collector.url);
    vi.stubEnv("OTEL_EXPORTER_OTLP_PROTOCOL", "http/json");
    vi.stubEnv("OTEL_SERVICE_NAME", "api-under-test");
    const observability = await startObservability({ version: "1.2.3" });
    stops.push(() => observability.shutdown());
    expect(observability).toMatchObject({ tracing: true, errorReporting: false });

    const app = observedApp();
    const parentTraceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    const ok = await app.request("/api/dealers/d-007", {
      headers: { traceparent: `00-${parentTraceId}-00f067aa0ba902b7-01` },
    });
    expect(ok.status).toBe(200);
    expect((await app.request("/api/boom")).status).toBe(500);
    await observability.flush();

    const request = await collector.waitFor((r) => r.path === "/v1/traces");
    expect(request.method).toBe("POST");
    expect(request.headers["content-type"]).toContain("application/json");
    const payload = JSON.parse(request.body.toString("utf8")) as OtlpJson;
    const resource = payload.resourceSpans[0]?.resource.attributes ?? [];
    expect(resource).toContainEqual({ key: "service.name", value: { stringValue: "api-under-test" } });
    const spans = payload.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans));
    expect(spans.map((s) => s.name).sort()).toEqual(["GET /api/boom", "GET /api/dealers/:dealerId"]);
    const attr = (span: (typeof spans)[number], key: string) =>
      span.attributes.find((a) => a.key === key)?.value;
    const dealer = spans.find((s) => s.name === "GET /api/dealers/:dealerId") as (typeof spans)[number];
    expect(dealer.kind).toBe(2); // SPAN_KIND_SERVER
    expect(attr(dealer, "http.route")).toEqual({ stringValue: "/api/dealers/:dealerId" });
    expect(Number(attr(dealer, "http.response.status_code")?.intValue)).toBe(200);
    expect(attr(dealer, "url.path")).toEqual({ stringValue: "/api/dealers/d-007" });
    // The caller's W3C trace context is continued.
    expect(dealer.traceId).toBe(parentTraceId);
    expect(dealer.parentSpanId).toBe("00f067aa0ba902b7");
    const boom = spans.find((s) => s.name === "GET /api/boom") as (typeof spans)[number];
    expect(Number(attr(boom, "http.response.status_code")?.intValue)).toBe(500);
    expect(boom.status.code).toBe(2); // STATUS_CODE_ERROR
  });

  it("sends OTLP/HTTP protobuf by default (the spec's default protocol) carrying the route", async () => {
    const collector = await recordingServer();
    stops.push(collector.close);
    vi.stubEnv("OTEL_EXPORTER_OTLP_ENDPOINT", collector.url);
    vi.stubEnv("OTEL_EXPORTER_OTLP_PROTOCOL", "");
    const observability = await startObservability();
    stops.push(() => observability.shutdown());

    expect((await observedApp().request("/api/dealers/d-042")).status).toBe(200);
    await observability.flush();

    const request = await collector.waitFor((r) => r.path === "/v1/traces");
    expect(request.headers["content-type"]).toBe("application/x-protobuf");
    // Protobuf carries strings as raw UTF-8: the route, its span name and the default service name are there.
    expect(request.body.includes("/api/dealers/:dealerId")).toBe(true);
    expect(request.body.includes("GET /api/dealers/:dealerId")).toBe(true);
    expect(request.body.includes("dealershipai-api")).toBe(true);
  });
});
