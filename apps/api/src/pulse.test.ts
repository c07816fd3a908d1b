import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Dealer } from "@dai/demo-data";
import { EventSource } from "eventsource";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { account, harness } from "./__tests__/harness.js";

const h = await harness();
const dealers = JSON.parse(await readFile(join(h.dataDir, "dealers.json"), "utf8")) as Dealer[];
let server: { url: string; close: () => Promise<void> };

beforeAll(async () => {
  server = await h.listen();
});
afterAll(async () => {
  await h.broadcaster.close({ graceMs: 100 });
  await server.close();
  await h.bus.close();
});

/** A real SSE client (the `eventsource` package) with the browser's session cookie. */
function connect(cookie: string | undefined, topics = "score.change,job.result") {
  const received: { type: string; dealerId?: string; id: string }[] = [];
  const source = new EventSource(`${server.url}/api/pulse-stream?topics=${topics}`, {
    fetch: (input, init) =>
      fetch(input, { ...init, headers: { ...(init?.headers ?? {}), ...(cookie ? { cookie } : {}) } }),
  });
  for (const type of topics.split(",")) {
    source.addEventListener(type, (message) => {
      const envelope = JSON.parse(message.data) as { data: { dealerId?: string } };
      received.push({ type, dealerId: envelope.data.dealerId, id: message.lastEventId });
    });
  }
  const opened = new Promise<void>((resolve, reject) => {
    source.onopen = () => resolve();
    source.onerror = (error) => reject(error);
  });
  return { source, received, opened };
}

describe("GET /api/pulse-stream", () => {
  it("delivers to a dealer's stream none of another dealer's events", async () => {
    const dealer = await h.signIn(account("dealer").email, account("dealer").password);
    const admin = await h.signIn(account("admin").email, account("admin").password);
    const own = dealers[0]?.id as string;
    const other = dealers[5]?.id as string;
    const dealerClient = connect(dealer.cookie);
    const adminClient = connect(admin.cookie);
    await Promise.all([dealerClient.opened, adminClient.opened]);
    const change = (dealerId: string) => ({
      dealerId,
      score: "aiv",
      previous: 50,
      value: 51,
      changedAt: new Date().toISOString(),
    });
    await h.bus.publish("score.change", change(other), { dealerId: other });
    await h.bus.publish("score.change", change(own), { dealerId: own });
    await h.bus.publish("job.result", {
      job: "tone-training",
      status: "success",
      durationMs: 5,
      finishedAt: new Date().toISOString(),
    });
    await h.bus.publish("score.change", change(other), { dealerId: other });
    await expect.poll(() => adminClient.received.length).toBe(4);
    await expect.poll(() => dealerClient.received.length).toBe(2);
    expect(dealerClient.received.map((e) => e.dealerId ?? e.type)).toEqual([own, "job.result"]);
    expect(adminClient.received.filter((e) => e.dealerId === other)).toHaveLength(2);
    dealerClient.source.close();
    adminClient.source.close();
  });

  it("refuses a visitor without a session with 401 problem+json, and an unknown topic with 400", async () => {
    const anonymous = await fetch(`${server.url}/api/pulse-stream`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("content-type")).toBe("application/problem+json");
    const dealer = await h.signIn(account("dealer").email, account("dealer").password);
    const unknown = await fetch(`${server.url}/api/pulse-stream?topics=gossip`, {
      headers: { cookie: dealer.cookie },
    });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ code: "unknown_topic" });
  });

  it("answers HEAD with the stream's headers and no stream, and the connection serves the next request", async () => {
    const dealer = await h.signIn(account("dealer").email, account("dealer").password);
    const before = h.broadcaster.stats().clients;
    const head = await fetch(`${server.url}/api/pulse-stream`, {
      method: "HEAD",
      headers: { cookie: dealer.cookie },
    });
    expect(head.status).toBe(200);
    expect(head.headers.get("content-type")).toBe("text/event-stream");
    expect(await head.text()).toBe("");
    expect(h.broadcaster.stats().clients).toBe(before);
    // Same keep-alive agent: a broken connection would leave this one unanswered.
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});
