import { DaiError } from "@dai/core";
import { describe, expect, it } from "vitest";
import type { EventBus } from "../bus.js";
import { eventIdSeq } from "../ids.js";
import type { AnyBusEvent, TopicMap } from "../topics.js";

export type BusFactory = (options: { historySize?: number }) => Promise<EventBus>;

const job = (n: number): TopicMap["job.result"] => ({
  job: `job-${n}`,
  status: "success",
  durationMs: n,
  finishedAt: "2026-11-25T00:00:00.000Z",
});
const score = (n: number): TopicMap["score.change"] => ({
  dealerId: "dlr-001",
  score: "aiv",
  previous: null,
  value: n,
  changedAt: "2026-11-25T00:00:00.000Z",
});

/** Waits until `events` holds `count` entries (the Redis adapter delivers asynchronously). */
async function until(events: unknown[], count: number): Promise<void> {
  const deadline = Date.now() + 5000;
  while (events.length < count) {
    if (Date.now() > deadline) throw new Error(`expected ${count} events, got ${events.length}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** The behaviour every adapter must have; run once per adapter. */
export function busContract(name: string, create: BusFactory): void {
  describe(`${name}: EventBus contract`, () => {
    it("assigns strictly increasing ids across topics and delivers them in id order", async () => {
      const bus = await create({});
      const seen: AnyBusEvent[] = [];
      const off = bus.subscribe("*", (event) => seen.push(event));
      const published: AnyBusEvent[] = [];
      for (let i = 0; i < 20; i++) {
        published.push(
          await bus.publish(i % 2 === 0 ? "job.result" : "score.change", i % 2 ? score(i) : job(i)),
        );
      }
      await until(seen, 20);
      expect(seen.map((e) => e.id)).toEqual(published.map((e) => e.id));
      const seqs = seen.map((e) => eventIdSeq(e.id) as number);
      for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBeGreaterThan(seqs[i - 1] as number);
      expect(seen[1]?.topic).toBe("score.change");
      expect(seen[1]?.data).toEqual(score(1));
      off();
      await bus.close();
    });

    it("delivers only the subscribed topics and stops after unsubscribe", async () => {
      const bus = await create({});
      const jobs: AnyBusEvent[] = [];
      const all: AnyBusEvent[] = [];
      const offJobs = bus.subscribe(["job.result"], (e) => jobs.push(e));
      const offAll = bus.subscribe("*", (e) => all.push(e));
      expect(bus.listenerCount).toBe(2);
      await bus.publish("score.change", score(1));
      await bus.publish("job.result", job(2));
      await until(all, 2);
      expect(jobs.map((e) => e.topic)).toEqual(["job.result"]);
      offJobs();
      await bus.publish("job.result", job(3));
      await until(all, 3);
      expect(jobs).toHaveLength(1);
      offAll();
      expect(bus.listenerCount).toBe(0);
      await bus.close();
    });

    it("carries dealerId and publishedAt", async () => {
      const bus = await create({});
      const before = Date.now();
      const event = await bus.publish("score.change", score(5), { dealerId: "dlr-042" });
      expect(event.dealerId).toBe("dlr-042");
      expect(event.publishedAt).toBeGreaterThanOrEqual(before);
      await bus.close();
    });

    it("replays exactly the events after the given id (no gap, no duplicate)", async () => {
      const bus = await create({ historySize: 50 });
      const ids: string[] = [];
      for (let i = 0; i < 10; i++) ids.push((await bus.publish("job.result", job(i))).id);
      for (let i = 0; i < 5; i++) ids.push((await bus.publish("score.change", score(i))).id);
      const replay = await bus.replay(["job.result", "score.change"], ids[6] as string);
      expect(replay.reset).toBe(false);
      expect(replay.events.map((e) => e.id)).toEqual(ids.slice(7));
      expect(replay.headId).toBe(ids[14]);
      const onlyJobs = await bus.replay(["job.result"], ids[6] as string);
      expect(onlyJobs.events.map((e) => e.id)).toEqual(ids.slice(7, 10));
      const upToDate = await bus.replay(["job.result"], ids[14] as string);
      expect(upToDate).toMatchObject({ reset: false, events: [] });
      await bus.close();
    });

    it("signals reset when the client is older than a topic's retained history", async () => {
      const bus = await create({ historySize: 5 });
      const first = await bus.publish("job.result", job(0));
      // Enough to trim the first entries even with approximate (MAXLEN ~) trimming.
      for (let i = 1; i < 400; i++) await bus.publish("job.result", job(i));
      const replay = await bus.replay(["job.result"], first.id);
      expect(replay.reset).toBe(true);
      expect(replay.events).toEqual([]);
      // A topic that was never trimmed past the id still resumes.
      const s = await bus.publish("score.change", score(1));
      const other = await bus.replay(["score.change"], first.id);
      expect(other.reset).toBe(false);
      expect(other.events.map((e) => e.id)).toEqual([s.id]);
      await bus.close();
    });

    it("signals reset for an id this bus never issued (from the future or an earlier incarnation)", async () => {
      const bus = await create({});
      const event = await bus.publish("job.result", job(1));
      const future = `${(eventIdSeq(event.id) as number) + 1000}-0`;
      expect((await bus.replay(["job.result"], future)).reset).toBe(true);
      expect((await bus.replay(["job.result"], "1-0")).reset).toBe(true);
      await bus.close();
    });

    it("rejects unknown topics and malformed ids with a 400 naming the field", async () => {
      const bus = await create({});
      const publishUnknown = bus.publish("nope" as "job.result", job(1));
      await expect(publishUnknown).rejects.toMatchObject({
        code: "unknown_topic",
        status: 400,
        field: "topic",
      });
      expect(() => bus.subscribe(["nope" as "job.result"], () => {})).toThrow(DaiError);
      await expect(bus.replay(["job.result"], "abc")).rejects.toMatchObject({
        code: "invalid_last_event_id",
        status: 400,
      });
      const cyclic: Record<string, unknown> = {};
      cyclic.self = cyclic;
      await expect(bus.publish("job.result", cyclic as never)).rejects.toMatchObject({
        code: "invalid_payload",
      });
      await bus.close();
    });
  });
}
