import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { silentLogger } from "@dai/core";
import { Hono } from "hono";
import { requestId } from "hono/request-id";
import type { ApiEnv } from "../access.js";
import { problemResponse } from "../middleware/problems.js";
import { observe } from "./index.js";

export interface Received {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A loopback HTTP server that records every request and answers 200 `{}`: stands in for a collector or Sentry. */
export async function recordingServer() {
  const received: Received[] = [];
  const waiters: Array<() => void> = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      received.push({
        method: req.method ?? "",
        path: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks),
      });
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
      for (const wake of waiters.splice(0)) wake();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    received,
    /** Resolves once a request matching `predicate` has arrived (or rejects after `timeoutMs`). */
    waitFor: (predicate: (request: Received) => boolean, timeoutMs = 5000) =>
      new Promise<Received>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("nothing received in time")), timeoutMs);
        const check = () => {
          const found = received.find(predicate);
          if (found) {
            clearTimeout(timer);
            resolve(found);
          } else waiters.push(check);
        };
        check();
      }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** An app composed like `createApp`: request id, then `observe()` first, routes, problem documents on error. */
export function observedApp() {
  const app = new Hono<ApiEnv>();
  app.use(requestId());
  app.use(observe());
  app.get("/api/dealers/:dealerId", (c) => c.json({ id: c.req.param("dealerId") }));
  app.get("/api/boom", () => {
    throw new Error("the warehouse fell over");
  });
  app.onError((error, c) => problemResponse(c, error, silentLogger));
  return app;
}
