import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { App } from "./app.js";

export interface ServeOptions {
  port: number;
  hostname?: string;
}

/**
 * Serves the app on Node: the fast lane answers the hottest reads, `@hono/node-server` everything else.
 * The one way the Node entry, the tests and the benchmark put the API on a socket.
 *
 * @example const server = serveApi(app, { port: 8787 }, (info) => log(info.port));
 */
export function serveApi(app: App, options: ServeOptions, onListening?: (info: AddressInfo) => void) {
  const withFastLane = ((
    serverOptions: object,
    listener: (req: IncomingMessage, res: ServerResponse) => void,
  ) =>
    createServer(serverOptions, (req, res) => {
      if (!app.fastLane.handle(req, res)) listener(req, res);
    })) as unknown as typeof createServer;
  return serve(
    { fetch: app.fetch, port: options.port, hostname: options.hostname, createServer: withFastLane },
    onListening,
  );
}
