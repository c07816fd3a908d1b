import { describe, expect, it } from "vitest";
import { FrameCache, frameOf, joinFrames } from "./frames.js";
import type { AnyBusEvent } from "./topics.js";

const event = (seq: number): AnyBusEvent => ({
  id: `${seq}-0`,
  seq,
  topic: "job.result",
  data: { job: "j", status: "success", durationMs: seq, finishedAt: "x" },
  publishedAt: 1,
});

describe("frames", () => {
  it("pre-wraps the same bytes as one HTTP/1.1 chunk (hex length, CRLF)", () => {
    const frame = frameOf("data: é\n\n");
    expect(frame.plain.length).toBe(10); // "é" is two bytes in UTF-8
    expect(frame.chunked.toString()).toBe("a\r\ndata: é\n\n\r\n");
    const joined = joinFrames([frame, frameOf(": hb\n\n")]);
    expect(joined.plain.toString()).toBe("data: é\n\n: hb\n\n");
    expect(joined.chunked.toString()).toBe("a\r\ndata: é\n\n\r\n6\r\n: hb\n\n\r\n");
  });

  it("encodes an event once and hands every caller the same buffer until it is evicted", () => {
    const cache = new FrameCache(2);
    const first = cache.get(event(1));
    expect(cache.get(event(1))).toBe(first);
    cache.get(event(2));
    cache.get(event(3));
    expect(cache.get(event(1))).not.toBe(first);
    expect(cache.get(event(1)).plain.equals(first.plain)).toBe(true);
  });
});
