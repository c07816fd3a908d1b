import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { type Started, sendJson, startServer } from "./http.js";

interface Recording {
  method: string;
  path: string;
  body?: unknown;
  status: number;
  reqheaders: Record<string, string>;
  headers: Record<string, string>;
  response: unknown;
}

/** The normalized recordings of one @octokit/fixtures scenario, e.g. `api.github.com/paginate-issues`. */
export function loadScenario(name: string): Recording[] {
  const root = dirname(createRequire(import.meta.url).resolve("@octokit/fixtures/package.json"));
  return JSON.parse(
    readFileSync(join(root, "scenarios", name, "normalized-fixture.json"), "utf8"),
  ) as Recording[];
}

/**
 * Replays recorded GitHub traffic: each request must match a recording's method, path and query
 * (extra query parameters are allowed) and its authorization; the recorded status, headers and body
 * come back, with api.github.com links rewritten to this server. `extra` answers what the scenario
 * never recorded.
 */
export async function startReplay(
  recordings: Recording[],
  extra: (method: string, path: string) => { status: number; body: unknown } | undefined = () => undefined,
): Promise<Started & { pending(): string[]; misses: string[]; bodies: unknown[] }> {
  const unused = [...recordings];
  const misses: string[] = [];
  const bodies: unknown[] = [];
  let base = "";
  const server = await startServer((req, body, res) => {
    const url = new URL(req.url ?? "/", base);
    const method = (req.method ?? "GET").toLowerCase();
    const index = unused.findIndex((r) => {
      const recorded = new URL(r.path, base);
      if (r.method !== method || recorded.pathname !== url.pathname) return false;
      for (const [key, value] of recorded.searchParams) if (url.searchParams.get(key) !== value) return false;
      return req.headers.authorization === r.reqheaders.authorization;
    });
    if (index < 0) {
      const answer = extra(method, url.pathname);
      if (answer) return sendJson(res, answer.status, answer.body);
      misses.push(`${method} ${url.pathname}${url.search}`);
      return sendJson(res, 501, { message: "no recording matches" });
    }
    const [recording] = unused.splice(index, 1) as [Recording];
    bodies.push(body ? JSON.parse(body) : undefined);
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(recording.headers)) {
      if (["content-length", "connection", "transfer-encoding"].includes(key)) continue;
      headers[key] = String(value).replaceAll("https://api.github.com", base);
    }
    sendJson(res, recording.status, recording.response, headers);
  });
  base = server.url;
  return { ...server, pending: () => unused.map((r) => `${r.method} ${r.path}`), misses, bodies };
}
