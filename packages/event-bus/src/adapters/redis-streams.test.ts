import { afterAll, describe, expect, it } from "vitest";
import { busContract } from "../__tests__/bus-contract.js";
import { deleteKeys, REDIS_URL, uniquePrefix } from "../__tests__/redis.js";
import type { AnyBusEvent } from "../topics.js";
import { createRedisStreamsBus } from "./redis-streams.js";

const prefixes: string[] = [];
const fresh = (name: string) => {
  const prefix = uniquePrefix(name);
  prefixes.push(prefix);
  return prefix;
};
afterAll(async () => {
  for (const prefix of prefixes) await deleteKeys(prefix);
});

busContract("redis-streams", (options) =>
  createRedisStreamsBus({ ...options, url: REDIS_URL, prefix: fresh("contract"), blockMs: 200 }),
);

describe("redis-streams bus", () => {
  it("two bus instances deliver the same events with the same ids in the same order", async () => {
    const prefix = fresh("two");
    const a = await createRedisStreamsBus({ url: REDIS_URL, prefix, blockMs: 200 });
    const b = await createRedisStreamsBus({ url: REDIS_URL, prefix, blockMs: 200 });
    const seenA: AnyBusEvent[] = [];
    const seenB: AnyBusEvent[] = [];
    a.subscribe("*", (e) => seenA.push(e));
    b.subscribe("*", (e) => seenB.push(e));
    // Both instances publish concurrently, interleaving topics.
    const publishes: Promise<AnyBusEvent>[] = [];
    for (let i = 0; i < 50; i++) {
      const bus = i % 2 === 0 ? a : b;
      publishes.push(
        i % 3 === 0
          ? bus.publish("score.change", {
              dealerId: "d",
              score: "aiv",
              previous: null,
              value: i,
              changedAt: "x",
            })
          : bus.publish("job.result", { job: "j", status: "success", durationMs: i, finishedAt: "x" }),
      );
    }
    const published = await Promise.all(publishes);
    const deadline = Date.now() + 5000;
    while ((seenA.length < 50 || seenB.length < 50) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(seenA.map((e) => e.id)).toEqual(seenB.map((e) => e.id));
    expect(new Set(seenA.map((e) => e.id))).toEqual(new Set(published.map((e) => e.id)));
    expect(seenA.map((e) => e.seq)).toEqual([...seenA.map((e) => e.seq)].sort((x, y) => x - y));
    expect(seenB.map((e) => JSON.stringify(e.data))).toEqual(seenA.map((e) => JSON.stringify(e.data)));
    await a.close();
    await b.close();
  });

  it("reads across the XREAD COUNT limit without reordering", async () => {
    const prefix = fresh("count");
    const reader = await createRedisStreamsBus({ url: REDIS_URL, prefix, blockMs: 200, readCount: 3 });
    const writer = await createRedisStreamsBus({ url: REDIS_URL, prefix, blockMs: 200 });
    const seen: AnyBusEvent[] = [];
    reader.subscribe("*", (e) => seen.push(e));
    const published: string[] = [];
    for (let i = 0; i < 30; i++) {
      const topic = i % 4 === 0 ? "score.change" : "job.result";
      const data =
        topic === "score.change"
          ? { dealerId: "d", score: "aiv", previous: null, value: i, changedAt: "x" }
          : { job: "j", status: "success", durationMs: i, finishedAt: "x" };
      published.push((await writer.publish(topic, data as never)).id);
    }
    const deadline = Date.now() + 5000;
    while (seen.length < 30 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(seen.map((e) => e.id)).toEqual(published);
    await reader.close();
    await writer.close();
  });

  it("trims each stream with MAXLEN ~ to about historySize", async () => {
    const prefix = fresh("trim");
    const bus = await createRedisStreamsBus({ url: REDIS_URL, prefix, historySize: 10, blockMs: 200 });
    for (let i = 0; i < 500; i++) {
      await bus.publish("job.result", { job: "j", status: "success", durationMs: i, finishedAt: "x" });
    }
    const { Redis } = await import("ioredis");
    const redis = new Redis(REDIS_URL);
    const length = await redis.xlen(`${prefix}:t:job.result`);
    redis.disconnect();
    expect(length).toBeGreaterThanOrEqual(10);
    expect(length).toBeLessThan(250);
    await bus.close();
  });

  it("fails with a 503 DaiError when Redis cannot be reached", async () => {
    await expect(
      createRedisStreamsBus({ url: "redis://127.0.0.1:1", prefix: fresh("down") }),
    ).rejects.toMatchObject({
      code: "redis_unavailable",
      status: 503,
    });
  });
});

describe("createEventBus", () => {
  it("picks the in-memory bus without REDIS_URL and Redis Streams with it", async () => {
    const { createEventBus } = await import("../create.js");
    const memory = await createEventBus({ env: {} });
    expect(memory.kind).toBe("memory");
    expect(memory.historySize).toBe(1000);
    await memory.close();
    const redis = await createEventBus({
      env: { REDIS_URL, EVENT_BUS_PREFIX: fresh("env"), EVENT_BUS_HISTORY: "20" },
    });
    expect(redis.kind).toBe("redis-streams");
    expect(redis.historySize).toBe(20);
    await redis.close();
  });
});
