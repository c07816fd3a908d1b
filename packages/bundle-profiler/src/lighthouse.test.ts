import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LighthouseRunner, median, runLighthouse } from "./lighthouse.js";

let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(
      '<!doctype html><html lang="en"><head><meta name="viewport" content="width=device-width"><title>Tiny</title><meta name="description" content="tiny page"></head><body><h1>Tiny page</h1></body></html>',
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe("runLighthouse", () => {
  it("runs real Lighthouse once on Debian's Chromium and scores a tiny static page", {
    timeout: 60_000,
  }, async () => {
    const [result] = await runLighthouse({
      urls: [url],
      runs: 1,
      categories: ["performance", "seo"],
      thresholds: { seo: 0.5 },
    });
    expect(result?.url).toBe(url);
    expect(result?.scores.performance).toBeGreaterThan(0.5);
    expect(result?.scores.seo).toBeGreaterThanOrEqual(0.5);
    expect(result?.metrics["first-contentful-paint"]).toBeGreaterThan(0);
    expect(result?.passed).toBe(true);
  });

  it("keeps the median of several runs per URL and fails thresholds on the median", async () => {
    const perf = [0.5, 0.9, 0.7];
    const seen: number[] = [];
    const runner: LighthouseRunner = async (_url, port) => {
      seen.push(port);
      return {
        scores: { performance: perf[seen.length - 1] ?? 0 },
        metrics: { "total-blocking-time": seen.length * 100 },
      };
    };
    const [result] = await runLighthouse({
      urls: [url],
      runs: 3,
      thresholds: { performance: 0.8 },
      runner,
      commit: "abc",
    });
    expect(new Set(seen).size).toBe(1);
    expect(seen[0]).toBeGreaterThan(0);
    expect(result).toMatchObject({
      runs: 3,
      commit: "abc",
      scores: { performance: 0.7 },
      metrics: { "total-blocking-time": 200 },
    });
    expect(result?.passed).toBe(false);
    expect(result?.failures).toEqual([{ category: "performance", score: 0.7, threshold: 0.8 }]);
  });

  it("says which Chromium it could not start", async () => {
    await expect(runLighthouse({ urls: [url], chromePath: "/nonexistent/chromium" })).rejects.toThrow(
      /\/nonexistent\/chromium/,
    );
  });

  it("rejects bad options by name", async () => {
    await expect(runLighthouse({ urls: ["ftp://x"] })).rejects.toThrow(/urls/);
    await expect(runLighthouse({ urls: [url], runs: 0 })).rejects.toThrow(/runs/);
    await expect(runLighthouse({ urls: [url], thresholds: { performance: 90 } })).rejects.toThrow(
      /thresholds\.performance/,
    );
  });
});

describe("median", () => {
  it("takes the middle value, or the mean of the middle two", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});
