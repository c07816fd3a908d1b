import { createServer, type Server } from "node:http";
import type { Socket } from "node:net";
import { createMemoryBus, createSseBroadcaster } from "@dai/event-bus";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "./stack.js";

/** A page whose EventSource records every job.result id it receives, as the dashboard's would. */
const PAGE = `<!doctype html><title>pulse</title><script>
  window.received = []; window.opens = 0;
  const source = new EventSource("/pulse?topics=job.result");
  source.onopen = () => { window.opens += 1; };
  source.addEventListener("job.result", (m) => window.received.push(m.lastEventId));
</script>`;

describe("Chromium's own EventSource on the pulse stream", () => {
  const bus = createMemoryBus({ historySize: 500 });
  const broadcaster = createSseBroadcaster({ bus, retryMs: 50, heartbeatMs: 60_000, closeGraceMs: 100 });
  const sockets = new Set<Socket>();
  let server: Server;
  let url: string;
  let browser: Browser;

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url?.startsWith("/pulse")) return void broadcaster.handle(req, res);
      res.writeHead(200, { "content-type": "text/html" }).end(PAGE);
    });
    server.on("connection", (socket) => {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await broadcaster.close({ graceMs: 100 });
    await bus.close();
    await new Promise((resolve) => server.close(resolve));
  });

  it("resumes after the server drops the connection, without a gap or a duplicate", async () => {
    const page = await browser.newPage();
    await page.goto(url);
    await expect.poll(() => page.evaluate(() => (window as unknown as { opens: number }).opens)).toBe(1);
    const published: string[] = [];
    const publish = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const event = await bus.publish("job.result", {
          job: `j${i}`,
          status: "success",
          durationMs: 1,
          finishedAt: new Date().toISOString(),
        });
        published.push(event.id);
      }
    };
    await publish(20);
    // The server drops every connection (a deploy, a crash of the proxy…) while events keep coming.
    for (const socket of sockets) socket.destroy();
    await publish(30);
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { opens: number }).opens), { timeout: 20_000 })
      .toBeGreaterThanOrEqual(2);
    await publish(10);
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { received: string[] }).received.length), {
        timeout: 20_000,
      })
      .toBe(published.length);
    const received = await page.evaluate(() => (window as unknown as { received: string[] }).received);
    expect(received).toEqual(published);
    expect(new Set(received).size).toBe(received.length);
    await page.close();
  });
});
