import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Started, startServer } from "./__tests__/http.js";
import { buildSlackMessage, escapeMrkdwn, type PerfSummary, sendSlackMessage } from "./slack.js";

let server: Started;
let received: { contentType: string | undefined; body: Record<string, unknown> }[];
let replies: { status: number; body: string; headers?: Record<string, string> }[];

beforeEach(async () => {
  received = [];
  replies = [];
  // Slack's incoming webhook: POST JSON, answers 200 "ok", or an error text such as "no_service".
  server = await startServer((req, body, res) => {
    received.push({ contentType: req.headers["content-type"], body: JSON.parse(body) });
    const reply = replies.shift() ?? { status: 200, body: "ok" };
    res.writeHead(reply.status, { "content-type": "text/html", ...reply.headers });
    res.end(reply.body);
  });
});

afterEach(async () => {
  await server.close();
});

const summary: PerfSummary = {
  title: "Hyper Performance Check",
  status: "regression",
  commit: "0123456789abcdef",
  runUrl: "https://github.com/acme/web/actions/runs/1",
  apps: [
    { app: "web", totalBytes: 160_000, deltaBytes: 9_000, deltaPercent: 5.96, regressions: 1 },
    { app: "docs", totalBytes: 50_000, deltaBytes: null, deltaPercent: null, regressions: 0 },
  ],
  regressions: [
    { message: "web /dealers: +9.0 kB (+6.0% > 5%) <script>", url: "https://github.com/acme/web/issues/9" },
  ],
  lighthouse: [{ url: "http://127.0.0.1:3000/", scores: { performance: 0.93 }, passed: true }],
};

describe("buildSlackMessage", () => {
  it("builds one Block Kit message: header, app fields, linked regressions, Lighthouse, context", () => {
    const message = buildSlackMessage(summary);
    expect(message.blocks.map((b) => b.type)).toEqual(["header", "section", "section", "section", "context"]);
    expect(JSON.stringify(message.blocks[1])).toContain("+9.0 kB (+6.0%)");
    expect(JSON.stringify(message.blocks[1])).toContain("first build");
    const regressions = JSON.stringify(message.blocks[2]);
    expect(regressions).toContain("<https://github.com/acme/web/issues/9|web /dealers");
    expect(regressions).toContain("&lt;script&gt;");
    expect(message.text).toBe("Hyper Performance Check: 1 regression(s)");
  });

  it("keeps within Block Kit limits for long titles and many regressions", () => {
    const big = buildSlackMessage({
      ...summary,
      title: "x".repeat(400),
      regressions: Array.from({ length: 500 }, (_, i) => ({ message: `route /r${i} grew a lot` })),
    });
    const header = big.blocks[0] as { text: { text: string } };
    expect(header.text.text.length).toBeLessThanOrEqual(150);
    const section = big.blocks[2] as { text: { text: string } };
    expect(section.text.text.length).toBeLessThanOrEqual(3000);
  });

  it("escapes only &, < and >", () => {
    expect(escapeMrkdwn("a & <b> *c*")).toBe("a &amp; &lt;b&gt; *c*");
  });
});

describe("sendSlackMessage", () => {
  it("posts the message as JSON to the webhook", async () => {
    await sendSlackMessage(`${server.url}/services/T000/B000/XXXX`, buildSlackMessage(summary));
    expect(received).toHaveLength(1);
    expect(received[0]?.contentType).toContain("application/json");
    expect(received[0]?.body.blocks).toHaveLength(5);
  });

  it("retries 429 after Retry-After and 500 with backoff", async () => {
    replies.push(
      { status: 429, body: "rate_limited", headers: { "retry-after": "2" } },
      { status: 500, body: "oops" },
    );
    const sleeps: number[] = [];
    await sendSlackMessage(`${server.url}/hook`, buildSlackMessage(summary), {
      backoffMs: 10,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    });
    expect(received).toHaveLength(3);
    expect(sleeps).toEqual([2000, 20]);
  });

  it("fails on 404 no_service without retrying and without the secret URL in the message", async () => {
    replies.push({ status: 404, body: "no_service" });
    const url = `${server.url}/services/T000/B000/SECRETPART`;
    const error = await sendSlackMessage(url, buildSlackMessage(summary)).catch((e: Error) => e);
    expect(received).toHaveLength(1);
    expect((error as Error).message).toContain("HTTP 404 no_service");
    expect((error as Error).message).not.toContain("SECRETPART");
  });
});
