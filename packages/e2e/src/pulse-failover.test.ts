import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { createRedisStreamsBus, type EventBus } from "@dai/event-bus";
import { EventSource } from "eventsource";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "./stack.js";

const CLIENTS = 25;

/** Starts one pulse node (a child process) and resolves once it listens. */
async function startNode(port: number, prefix: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [join(import.meta.dirname, "__fixtures__", "pulse-node.mjs"), String(port), prefix],
    {
      stdio: ["ignore", "pipe", "pipe"],
      cwd: join(import.meta.dirname, ".."),
    },
  );
  let output = "";
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on("data", (chunk) => {
      output += chunk;
      if (output.includes("ready")) resolve();
    });
    child.stderr?.on("data", (chunk) => {
      output += chunk;
    });
    child.once("exit", (code) => reject(new Error(`pulse node exited (${code}): ${output}`)));
  });
  return child;
}

describe("two API nodes on Redis Streams", () => {
  const prefix = `dai:test:failover:${randomUUID()}`;
  let nodes: ChildProcess[] = [];
  let urls: string[] = [];
  let publisher: EventBus;

  beforeAll(async () => {
    const ports = [await freePort(), await freePort()];
    nodes = await Promise.all(ports.map((port) => startNode(port, prefix)));
    urls = ports.map((port) => `http://127.0.0.1:${port}`);
    publisher = await createRedisStreamsBus({
      url: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
      prefix,
    });
  });

  afterAll(async () => {
    for (const node of nodes) if (node.exitCode === null && node.signalCode === null) node.kill("SIGKILL");
    await publisher?.close();
  });

  it("clients of a killed node reconnect to the other and resume from their last id, missing nothing", async () => {
    const clients = Array.from({ length: CLIENTS }, () => {
      const received: string[] = [];
      let target = 0; // every client starts on node A
      const source = new EventSource("http://pulse/?topics=job.result", {
        // A load balancer's job, done by the client: on a refused connection, try the other node.
        fetch: async (input, init) => {
          const path = new URL(String(input)).pathname + new URL(String(input)).search;
          try {
            return await fetch(`${urls[target]}${path}`, init);
          } catch {
            target = 1 - target;
            return fetch(`${urls[target]}${path}`, init);
          }
        },
      });
      source.addEventListener("job.result", (message) => received.push(message.lastEventId));
      const opened = new Promise<void>((resolve) =>
        source.addEventListener("open", () => resolve(), { once: true }),
      );
      return { source, received, opened };
    });
    await Promise.all(clients.map((client) => client.opened));
    const published: string[] = [];
    const publish = async (count: number) => {
      for (let i = 0; i < count; i++) {
        const event = await publisher.publish("job.result", {
          job: `j${i}`,
          status: "success",
          durationMs: 1,
          finishedAt: new Date().toISOString(),
        });
        published.push(event.id);
      }
    };
    await publish(40);
    // Node A dies without a goodbye, under load: its clients must find node B and resume.
    nodes[0]?.kill("SIGKILL");
    await publish(40);
    await expect
      .poll(() => clients.every((client) => client.received.length === published.length), {
        timeout: 30_000,
        interval: 250,
      })
      .toBe(true);
    for (const client of clients) {
      expect(client.received).toEqual(published);
      client.source.close();
    }
  });
});
