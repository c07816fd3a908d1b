import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * Serves a Web Fetch handler from `node:http` (benchmarks, tests, a bare Node server). Hono's node
 * adapter does the same for the API.
 *
 * @example createServer(toNodeListener(ingest.handler)).listen(8787, "127.0.0.1")
 */
export function toNodeListener(
  handler: (request: Request) => Promise<Response>,
): (request: IncomingMessage, response: ServerResponse) => void {
  return (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("error", () => res.destroy());
    req.on("end", async () => {
      try {
        const headers = new Headers();
        for (const [name, value] of Object.entries(req.headers)) {
          if (typeof value === "string") headers.set(name, value);
          else if (Array.isArray(value)) for (const item of value) headers.append(name, item);
        }
        const hasBody = req.method !== "GET" && req.method !== "HEAD";
        const request = new Request(`http://${req.headers.host ?? "127.0.0.1"}${req.url ?? "/"}`, {
          method: req.method ?? "GET",
          headers,
          ...(hasBody ? { body: Buffer.concat(chunks) } : {}),
        });
        const response = await handler(request);
        res.writeHead(response.status, Object.fromEntries(response.headers));
        res.end(Buffer.from(await response.arrayBuffer()));
      } catch {
        if (!res.headersSent) res.writeHead(500, { "content-type": "application/problem+json" });
        res.end(
          '{"type":"https://dealershipai.dev/problems/internal","title":"Internal Server Error","status":500,"detail":"An unexpected error occurred.","code":"internal"}',
        );
      }
    });
  };
}
