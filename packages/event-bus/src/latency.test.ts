import { describe, expect, it } from "vitest";
import { parsePulseMessage } from "./client.js";
import { encodeEvent } from "./frames.js";
import { LatencyRecorder } from "./latency.js";

describe("LatencyRecorder", () => {
  it("reports nearest-rank p50/p99 of recorded latencies", () => {
    const recorder = new LatencyRecorder(1000);
    for (let ms = 1; ms <= 100; ms++) recorder.record(ms);
    expect(recorder.summary()).toEqual({ count: 100, p50: 50, p99: 99, max: 100 });
    recorder.record(-3);
    recorder.record(5000);
    expect(recorder.quantile(0)).toBe(0);
    expect(recorder.summary().max).toBe(5000);
    expect(recorder.quantile(1)).toBe(1001);
    recorder.reset();
    expect(recorder.summary()).toEqual({ count: 0, p50: undefined, p99: undefined, max: undefined });
  });
});

describe("parsePulseMessage", () => {
  it("restores the event from an encoded frame and measures latency from publishedAt", () => {
    const frame = encodeEvent({
      id: "42-0",
      seq: 42,
      topic: "job.result",
      data: { job: "j", status: "success", durationMs: 3, finishedAt: "x" },
      publishedAt: 1000,
      dealerId: "dlr-1",
    }).plain.toString();
    const data = /^data: (.*)$/m.exec(frame)?.[1] as string;
    expect(frame).toMatch(/^id: 42-0\nevent: job.result\n/);
    const { event, latencyMs } = parsePulseMessage({ data, lastEventId: "42-0" }, 1037);
    expect(latencyMs).toBe(37);
    expect(event).toEqual({
      id: "42-0",
      seq: 42,
      topic: "job.result",
      data: { job: "j", status: "success", durationMs: 3, finishedAt: "x" },
      publishedAt: 1000,
      dealerId: "dlr-1",
    });
  });
});
