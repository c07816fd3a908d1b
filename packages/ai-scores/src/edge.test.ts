import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BOUNDS, demoInputs } from "./__tests__/fixtures.js";
import { createEdgeHandler, SnapshotReader } from "./edge.js";
import { computeScores } from "./scoring.js";
import { buildSnapshot } from "./snapshot.js";
import { TtlTuner } from "./ttl-tuner.js";

const { dealers, rows } = demoInputs(30, 120);
const scores = computeScores(dealers, rows).dealers;
const tuner = new TtlTuner({ bounds: BOUNDS, clock: () => 0 });
tuner.seedChanges("score:dlr-001", [0, 86_400_000, 2 * 86_400_000], 3 * 86_400_000);
const snapshot = buildSnapshot({
  scores,
  bounds: BOUNDS,
  decisions: tuner.decisions(3 * 86_400_000),
  generatedAt: "2026-07-01T06:00:00.000Z",
});
const handler = createEdgeHandler(new SnapshotReader(JSON.stringify(snapshot)));
interface Body {
  items: { region: string; sparkline: number[] }[];
  dealerId: string;
  components: unknown[];
  history: { scores: number[] };
  code: string;
  status: number;
  detail: unknown;
}
const json = async (response: Response): Promise<Body> => (await response.json()) as Body;
const get = (path: string, headers: Record<string, string> = {}) =>
  handler(new Request(`https://edge.test${path}`, { headers }));

describe("snapshot", () => {
  it("is versioned, keeps 90 days of history and carries the tuned TTLs", () => {
    expect(snapshot).toMatchObject({ format: "dai.ai-scores.snapshot", version: 1, asOf: "2026-06-30" });
    expect(snapshot.dealers[0]?.history.scores).toHaveLength(90);
    expect(snapshot.dealers[0]?.history.start).toBe("2026-04-02");
    expect(snapshot.cache.resources["score:dlr-001"]?.ttlSeconds).toBe(BOUNDS.maxTtlSeconds);
    expect(snapshot.cache.default.ttlSeconds).toBe(BOUNDS.minTtlSeconds);
  });

  it("is refused with the field named when the format or version is wrong", () => {
    expect(() => new SnapshotReader({ ...snapshot, version: 2 })).toThrow(
      /version: this reader understands version 1/,
    );
    expect(() => new SnapshotReader({ ...snapshot, format: "x" })).toThrow(/format/);
    expect(() => new SnapshotReader({ ...snapshot, dealers: [{}] })).toThrow(/dealers\[0\]/);
  });
});

describe("edge handler", () => {
  it("lists scores with filters, paging and cache headers", async () => {
    const response = await get("/api/ai-scores?region=West&limit=3");
    expect(response.status).toBe(200);
    const body = await json(response);
    expect(body.items.length).toBeLessThanOrEqual(3);
    expect(body.items.every((i) => i.region === "West")).toBe(true);
    expect(body.items[0]?.sparkline).toHaveLength(28);
    expect(response.headers.get("cache-control")).toBe(
      `public, max-age=0, s-maxage=${BOUNDS.minTtlSeconds}, stale-while-revalidate=${BOUNDS.staleWhileRevalidateSeconds}`,
    );
    expect(response.headers.get("surrogate-key")).toBe("scores:region:West");
    expect(response.headers.get("etag")).toMatch(/^"[0-9a-z]+"$/);
  });

  it("serves one dealer with its breakdown and the tuned TTL, and 304 on a matching If-None-Match", async () => {
    const response = await get("/api/ai-scores/dlr-001?days=7");
    expect(response.status).toBe(200);
    const body = await json(response);
    expect(body.dealerId).toBe("dlr-001");
    expect(body.components).toHaveLength(5);
    expect(body.history.scores).toHaveLength(7);
    expect(response.headers.get("cache-control")).toContain(`s-maxage=${BOUNDS.maxTtlSeconds}`);
    expect(response.headers.get("cache-tag")).toBe("score:dlr-001");
    const etag = response.headers.get("etag") as string;
    const again = await get("/api/ai-scores/dlr-001?days=7", { "if-none-match": `W/${etag}` });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    expect(again.headers.get("etag")).toBe(etag);
  });

  it("answers unknown dealers, bad queries and other methods with problem+json", async () => {
    const cases: [string, number, string][] = [
      ["/api/ai-scores/dlr-999", 404, "unknown_dealer"],
      ["/api/ai-scores?limit=abc", 400, "invalid_query"],
      ["/api/ai-scores/dlr-001?days=0", 400, "invalid_query"],
      ["/api/ai-scores/%E0%A4%A", 400, "invalid_path"],
      ["/elsewhere", 404, "not_found"],
    ];
    for (const [path, status, code] of cases) {
      const response = await get(path);
      expect(response.status).toBe(status);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
      expect((await json(response)).code).toBe(code);
    }
    const post = await handler(new Request("https://edge.test/api/ai-scores", { method: "POST" }));
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET, HEAD");
  });

  it("answers 503 problem+json with Retry-After when no snapshot can be loaded", async () => {
    const broken = createEdgeHandler(() => {
      throw new Error("not published");
    });
    const response = await broken(new Request("https://edge.test/api/ai-scores"));
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("5");
    expect(((await response.json()) as Body).code).toBe("snapshot_unavailable");
  });

  it("never fails with a 5xx and always answers errors as problem+json, whatever the path and query", async () => {
    const segment = fc.oneof(fc.string(), fc.constantFrom("dlr-001", "%", "%zz", "..", "api", "ai-scores"));
    const param = fc.tuple(
      fc.oneof(fc.string(), fc.constantFrom("brand", "region", "sort", "limit", "cursor", "days", "groupId")),
      fc.oneof(fc.string(), fc.constantFrom("-score", "name", "0", "50", "West", "eyJ4Ijox")),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(segment, { maxLength: 3 }),
        fc.array(param, { maxLength: 4 }),
        async (parts, params) => {
          const path = `/api/ai-scores/${parts.map((p) => encodeURIComponent(p)).join("/")}`.replace(
            /\/$/,
            "",
          );
          const query = new URLSearchParams(params).toString();
          const response = await get(`${path}?${query}`);
          expect(response.status).toBeLessThan(500);
          if (response.status >= 400) {
            expect(response.headers.get("content-type")).toBe("application/problem+json");
            const problem = await json(response);
            expect(problem.status).toBe(response.status);
            expect(typeof problem.detail).toBe("string");
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("imports no Node built-in and no @dai package at runtime (edge entry and everything it loads)", () => {
    const here = dirname(fileURLToPath(import.meta.url));
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(join(here, file), "utf8");
      for (const match of text.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?from\s+"([^"]+)"/gm)) {
        const specifier = match[1] as string;
        expect(specifier, `${file} imports ${specifier}`).toMatch(/^\.\/[\w-]+\.js$/);
        visit(specifier.slice(2).replace(/\.js$/, ".ts"));
      }
      expect(text, `${file} uses process/Buffer`).not.toMatch(/\b(process|Buffer|require)\s*[.(]/);
    };
    visit("edge.ts");
    expect(seen.size).toBeGreaterThanOrEqual(5);
  });
});
