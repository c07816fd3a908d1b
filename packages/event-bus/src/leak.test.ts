import { get, type IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { collect, startServer, waitFor } from "./__tests__/http.js";
import { createMemoryBus } from "./adapters/memory.js";
import { createSseBroadcaster } from "./broadcaster.js";

function resources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const name of process.getActiveResourcesInfo()) counts[name] = (counts[name] ?? 0) + 1;
  return counts;
}

function open(url: string, headers: Record<string, string> = {}): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => get(url, { headers, agent: false }, resolve).on("error", reject));
}

describe("connect/disconnect cycles", () => {
  it("leave no client, bus listener, timer or socket behind", async () => {
    const bus = createMemoryBus({ historySize: 50 });
    const broadcaster = createSseBroadcaster({ bus, heartbeatMs: 5, retryMs: 10 });
    const server = await startServer((req, res) => void broadcaster.handle(req, res));
    const first = await bus.publish("job.result", {
      job: "j",
      status: "success",
      durationMs: 0,
      finishedAt: "x",
    });
    const before = resources();
    const listenersBefore = bus.listenerCount;

    // 2,000 raw cycles in batches of 50, half of them resuming (the asynchronous replay path), with
    // events published in between so the pending-queue hand-over is exercised too.
    for (let batch = 0; batch < 40; batch++) {
      const responses = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          open(
            `${server.url}/?topics=job.result,score.change`,
            i % 2 === 0 ? { "last-event-id": first.id } : {},
          ),
        ),
      );
      await bus.publish("job.result", { job: "j", status: "success", durationMs: batch, finishedAt: "x" });
      for (const res of responses) {
        expect(res.statusCode).toBe(200);
        res.destroy();
      }
    }
    // And 200 cycles with the real EventSource client.
    for (let batch = 0; batch < 4; batch++) {
      const clients = Array.from({ length: 50 }, () =>
        collect(`${server.url}/?topics=job.result`, ["job.result"]),
      );
      await waitFor(() => clients.every((c) => c.opens === 1), "eventsource clients open");
      for (const client of clients) client.close();
    }

    await waitFor(() => broadcaster.stats().clients === 0, "all clients detached", 10_000);
    const connections = () =>
      new Promise<number>((resolve, reject) =>
        server.server.getConnections((error, count) => (error ? reject(error) : resolve(count))),
      );
    const deadline = Date.now() + 10_000;
    while ((await connections()) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(await connections()).toBe(0);
    expect(broadcaster.stats()).toMatchObject({ clients: 0, connected: 0, heartbeatActive: false });
    expect(bus.listenerCount).toBe(listenersBefore);
    await waitFor(
      () => {
        const after = resources();
        return (
          (after.TCPSocketWrap ?? 0) <= (before.TCPSocketWrap ?? 0) &&
          (after.Timeout ?? 0) <= (before.Timeout ?? 0)
        );
      },
      "sockets and timers back to the baseline",
      10_000,
    );
    const after = resources();
    expect(after.TCPSocketWrap ?? 0).toBeLessThanOrEqual(before.TCPSocketWrap ?? 0);
    expect(after.Timeout ?? 0).toBeLessThanOrEqual(before.Timeout ?? 0);

    await broadcaster.close();
    expect(bus.listenerCount).toBe(listenersBefore - 1);
    await server.close();
  });
});
