import { describe, expect, it } from "vitest";
import { loadBusEnv } from "./env.js";
import { parseLastEventId } from "./ids.js";
import { parsePulseRequest } from "./request.js";
import { DEFAULT_TOPICS } from "./topics.js";

describe("parsePulseRequest", () => {
  it("selects all topics by default and the named ones otherwise (comma list or repeated)", () => {
    expect(parsePulseRequest("/s", {}, DEFAULT_TOPICS).topics).toEqual([...DEFAULT_TOPICS]);
    const picked = parsePulseRequest(
      "/s?topics=job.result,score.change&topic=job.result",
      {},
      DEFAULT_TOPICS,
    );
    expect(picked.topics).toEqual(["job.result", "score.change"]);
  });

  it("names the unknown topic in a 400", () => {
    expect(() => parsePulseRequest("/s?topics=job.result,weather", {}, DEFAULT_TOPICS)).toThrow(
      expect.objectContaining({ code: "unknown_topic", status: 400, field: "topics" }),
    );
  });

  it("takes Last-Event-ID from the header before the query parameter, from Headers or a Node object", () => {
    const url = "/s?lastEventId=5-0";
    expect(parsePulseRequest(url, {}, DEFAULT_TOPICS).lastEventId).toBe("5-0");
    expect(parsePulseRequest(url, { "last-event-id": "9-0" }, DEFAULT_TOPICS).lastEventId).toBe("9-0");
    expect(parsePulseRequest(url, new Headers({ "Last-Event-ID": "8-0" }), DEFAULT_TOPICS).lastEventId).toBe(
      "8-0",
    );
    expect(parsePulseRequest("/s", { "last-event-id": "" }, DEFAULT_TOPICS).lastEventId).toBeUndefined();
  });

  it("rejects a malformed id with a 400 naming where it came from", () => {
    expect(() => parsePulseRequest("/s?lastEventId=abc", {}, DEFAULT_TOPICS)).toThrow(
      /lastEventId: expected an event id/,
    );
    expect(() => parsePulseRequest("/s", { "last-event-id": "1-2" }, DEFAULT_TOPICS)).toThrow(
      /Last-Event-ID:/,
    );
    expect(() => parseLastEventId(`${"9".repeat(20)}-0`)).toThrow(expect.objectContaining({ status: 400 }));
  });
});

describe("loadBusEnv", () => {
  it("defaults to the in-memory bus and reads REDIS_URL, prefix and history", () => {
    expect(loadBusEnv({})).toEqual({
      REDIS_URL: undefined,
      EVENT_BUS_PREFIX: "dai:bus",
      EVENT_BUS_HISTORY: 1000,
    });
    expect(
      loadBusEnv({ REDIS_URL: "redis://127.0.0.1:6379", EVENT_BUS_HISTORY: "50", EVENT_BUS_PREFIX: "" }),
    ).toEqual({
      REDIS_URL: "redis://127.0.0.1:6379",
      EVENT_BUS_PREFIX: "dai:bus",
      EVENT_BUS_HISTORY: 50,
    });
  });

  it("reports every bad variable by name at once", () => {
    expect(() => loadBusEnv({ REDIS_URL: "localhost:6379", EVENT_BUS_HISTORY: "lots" })).toThrow(
      /REDIS_URL: expected a URL.*EVENT_BUS_HISTORY: expected an integer/,
    );
  });
});
