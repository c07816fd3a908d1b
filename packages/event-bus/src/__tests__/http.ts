import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { EventSource } from "eventsource";

export interface TestServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

/** A node:http server on 127.0.0.1 with an ephemeral port. */
export async function startServer(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<TestServer> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface Received {
  type: string;
  id: string;
  data: string;
}

/** An `eventsource` client that records every message of `types` in arrival order. */
export function collect(url: string, types: readonly string[]) {
  const received: Received[] = [];
  const source = new EventSource(url);
  let opens = 0;
  source.addEventListener("open", () => {
    opens += 1;
  });
  for (const type of types) {
    source.addEventListener(type, (event) => {
      received.push({ type, id: event.lastEventId, data: event.data });
    });
  }
  return {
    source,
    received,
    get opens() {
      return opens;
    },
    close: () => source.close(),
  };
}

/** Polls `check` until it returns true (or fails after `timeoutMs`). */
export async function waitFor(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
