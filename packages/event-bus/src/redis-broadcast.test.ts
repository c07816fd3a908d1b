import { afterAll, describe, expect, it } from "vitest";
import { collect, startServer, waitFor } from "./__tests__/http.js";
import { deleteKeys, REDIS_URL, uniquePrefix } from "./__tests__/redis.js";
import { createRedisStreamsBus } from "./adapters/redis-streams.js";
import { createSseBroadcaster } from "./broadcaster.js";

const prefix = uniquePrefix("broadcast");
afterAll(() => deleteKeys(prefix));

async function instance() {
  const bus = await createRedisStreamsBus({ url: REDIS_URL, prefix, blockMs: 200 });
  const broadcaster = createSseBroadcaster({ bus, retryMs: 20 });
  const server = await startServer((req, res) => void broadcaster.handle(req, res));
  return {
    bus,
    server,
    async close() {
      await broadcaster.close({ graceMs: 100 });
      await server.close();
      await bus.close();
    },
  };
}

describe("two API instances on Redis Streams", () => {
  it("give every client the same ids in the same order, and a client moving over resumes without gap", async () => {
    const a = await instance();
    const b = await instance();
    const topics = ["job.result", "score.change"];
    const url = (server: { url: string }) => `${server.url}/?topics=${topics.join(",")}`;
    const clients = [a, a, b, b].map((node) => collect(url(node.server), topics));
    await waitFor(() => clients.every((c) => c.opens === 1), "clients connected");

    const publish = (i: number) =>
      (i % 2 === 0 ? a.bus : b.bus).publish(
        i % 3 === 0 ? "score.change" : "job.result",
        (i % 3 === 0
          ? { dealerId: "d", score: "aiv", previous: null, value: i, changedAt: "x" }
          : { job: "j", status: "success", durationMs: i, finishedAt: "x" }) as never,
      );
    const published = await Promise.all(Array.from({ length: 30 }, (_, i) => publish(i)));
    await waitFor(() => clients.every((c) => c.received.length === 30), "all events on all clients");
    const order = clients[0]?.received.map((r) => r.id);
    for (const client of clients) expect(client.received.map((r) => r.id)).toEqual(order);
    expect([...(order ?? [])].sort()).toEqual(published.map((e) => e.id).sort());

    // Instance A goes away; its client reconnects to B from its last id and misses nothing.
    const moved = clients[0];
    moved?.close();
    const lastId = moved?.received.at(-1)?.id as string;
    await a.close();
    const more = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        b.bus.publish("job.result", { job: "k", status: "success", durationMs: i, finishedAt: "x" }),
      ),
    );
    const resumed = collect(`${url(b.server)}&lastEventId=${lastId}`, topics);
    await waitFor(() => resumed.received.length === 10, "resumed client caught up");
    expect(resumed.received.map((r) => r.id)).toEqual(more.map((e) => e.id).sort());
    resumed.close();
    for (const client of clients) client.close();
    await b.close();
  });
});
