import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { resolveDemoPrincipal } from "@dai/auth";
import type { CopilotReply } from "@dai/copilot";
import { silentLogger } from "@dai/core";
import type { Dealer } from "@dai/demo-data";
import type { AnyBusEvent } from "@dai/event-bus";
import { FEEDBACK_FILE, trainTone } from "@dai/tone-trainer";
import { describe, expect, it } from "vitest";
import {
  account,
  cookieHeader,
  csrfFor,
  harness,
  manifest,
  signIn,
  WEB_ORIGIN,
} from "./__tests__/harness.js";
import { createApp } from "./app.js";
import { fileDealerRepository } from "./data/dealers.js";
import { startCopilot } from "./features/copilot.js";

const h = await harness();
const dealers = JSON.parse(await readFile(join(h.dataDir, "dealers.json"), "utf8")) as Dealer[];
const tracked: unknown[] = [];
const client = h.ingest.localClient();
const feature = await startCopilot({
  manifest,
  dataDir: h.dataDir,
  bus: h.bus,
  logger: silentLogger,
  telemetry: {
    ...client,
    track: (event) => {
      tracked.push(event);
      return client.track(event);
    },
  },
  env: {},
});
// The app as the Node entry builds it, with the Copilot feature's deps.
const app = createApp({
  manifest,
  version: "0.0.0-test",
  startedAt: Date.now(),
  corsOrigins: [WEB_ORIGIN],
  bodyLimitBytes: 4096,
  dataSeeded: async () => true,
  dealers: fileDealerRepository(h.dataDir),
  auth: h.auth,
  pulse: { bus: h.bus, broadcaster: h.broadcaster },
  dataDir: h.dataDir,
  ...feature.deps,
});
const own = resolveDemoPrincipal(account("dealer"), dealers).dealerIds?.[0] as string;
const foreign = dealers.find((d) => d.id !== own)?.id as string;
const session = async (role: "admin" | "analyst" | "dealer") => {
  const signed = await signIn(app, account(role).email, account(role).password);
  return signed;
};
const get = (path: string, cookie: string) => app.request(path, { headers: { cookie } });

describe("GET /api/copilot/:dealerId/messages", () => {
  it("explains the dealer's own week in a tone and mood, and 404s a dealer outside the scope", async () => {
    const dealer = await session("dealer");
    const response = await get(`/api/copilot/${own}/messages`, dealer.cookie);
    expect(response.status).toBe(200);
    const reply = (await response.json()) as CopilotReply;
    expect(reply.dealerId).toBe(own);
    expect(reply.messages.length).toBeGreaterThanOrEqual(3);
    expect(reply.messages.every((m) => m.tone === reply.tone.tone && m.mood === reply.mood.mood)).toBe(true);
    expect(reply.messages[0]?.text).toContain(dealers.find((d) => d.id === own)?.name as string);
    expect((await get(`/api/copilot/${foreign}/messages`, dealer.cookie)).status).toBe(404);
    const analyst = await session("analyst");
    expect((await get(`/api/copilot/${foreign}/messages`, analyst.cookie)).status).toBe(200);
  });
});

describe("POST /api/copilot/feedback", () => {
  it("stores a thumbs up as a Copilot event, reports copilot.feedback telemetry and publishes copilot.event", async () => {
    const dealer = await session("dealer");
    const reply = (await (await get(`/api/copilot/${own}/messages`, dealer.cookie)).json()) as CopilotReply;
    const message = reply.messages[0] as CopilotReply["messages"][number];
    const published: AnyBusEvent[] = [];
    const stop = h.bus.subscribe(["copilot.event"], (event) => void published.push(event));
    const { token, jar } = await csrfFor(app, dealer.jar);
    const post = (body: unknown, headers: Record<string, string> = {}) =>
      app.request("/api/copilot/feedback", {
        method: "POST",
        headers: {
          cookie: cookieHeader(jar),
          origin: WEB_ORIGIN,
          "x-csrf-token": token,
          "content-type": "application/json",
          ...headers,
        },
        body: JSON.stringify(body),
      });
    const response = await post({ messageId: message.id, dealerId: own, feedback: "up" });
    expect(response.status).toBe(201);
    stop();
    const stored = (await readFile(join(h.dataDir, FEEDBACK_FILE), "utf8")).trim().split("\n");
    expect(JSON.parse(stored.at(-1) as string)).toMatchObject({
      type: "copilot.explanation",
      dealerId: own,
      userId: account("dealer").email,
      tone: message.tone,
      mood: message.mood,
      feedback: "up",
      messageId: message.id,
    });
    expect(tracked.at(-1)).toMatchObject({
      kind: "copilot.feedback",
      tone: message.tone,
      feedback: "up",
      dealerId: own,
    });
    expect(published.at(-1)).toMatchObject({
      topic: "copilot.event",
      dealerId: own,
      data: { kind: "feedback", dealerId: own, tone: message.tone, feedback: "up" },
    });
    // The trainer reads it.
    const trained = await trainTone(
      { paths: [join(h.dataDir, FEEDBACK_FILE)] },
      { floor: 0.1, halfLifeDays: 14 },
    );
    expect(trained.model.global.posteriors[message.tone]?.up).toBe(1);

    expect((await post({ messageId: message.id, dealerId: own, feedback: "down" })).status).toBe(409);
    const again = (await (await get(`/api/copilot/${own}/messages`, dealer.cookie)).json()) as {
      ratings: Record<string, string>;
    };
    expect(again.ratings).toEqual({ [message.id]: "up" });
    const bad = await post({ messageId: message.id, dealerId: own, feedback: "sideways" });
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toContain("application/problem+json");
    expect(((await bad.json()) as { detail: string }).detail).toMatch(/feedback: expected "up" or "down"/);
    expect((await post({ messageId: message.id, dealerId: foreign, feedback: "up" })).status).toBe(404);
    // Without the CSRF token a browser's write is refused.
    expect(
      (await post({ messageId: message.id, dealerId: own, feedback: "up" }, { "x-csrf-token": "" })).status,
    ).toBe(403);
  });

  it("refuses analysts (they read but change nothing) and anonymous callers", async () => {
    const analyst = await session("analyst");
    const { token, jar } = await csrfFor(app, analyst.jar);
    const response = await app.request("/api/copilot/feedback", {
      method: "POST",
      headers: {
        cookie: cookieHeader(jar),
        origin: WEB_ORIGIN,
        "x-csrf-token": token,
        "content-type": "application/json",
      },
      body: JSON.stringify({ messageId: "cm-0000000000000000", dealerId: own, feedback: "up" }),
    });
    expect(response.status).toBe(403);
    expect((await app.request("/api/copilot/feedback", { method: "POST", body: "{}" })).status).toBe(401);
  });
});

describe("GET /api/copilot/mood", () => {
  it("answers { mood, kpiVariance, derivedAt }: a dealer user's own, the platform's for analysts", async () => {
    const dealer = await session("dealer");
    const mine = (await (await get("/api/copilot/mood", dealer.cookie)).json()) as Record<string, unknown>;
    expect(["calm", "upbeat", "focused", "concerned", "celebratory"]).toContain(mine.mood);
    expect(mine.kpiVariance).toBeGreaterThanOrEqual(0);
    expect(mine.kpiVariance).toBeLessThanOrEqual(1);
    expect(Date.parse(mine.derivedAt as string)).not.toBeNaN();
    expect(mine).toMatchObject({ scope: "dealer", dealerId: own });
    const messages = (await (
      await get(`/api/copilot/${own}/messages`, dealer.cookie)
    ).json()) as CopilotReply;
    expect(mine.mood).toBe(messages.mood.mood);
    expect((await get(`/api/copilot/mood?dealerId=${foreign}`, dealer.cookie)).status).toBe(404);
    expect((await get("/api/copilot/mood?dealer=x", dealer.cookie)).status).toBe(400);
    const analyst = await session("analyst");
    const platform = (await (await get("/api/copilot/mood", analyst.cookie)).json()) as Record<
      string,
      unknown
    >;
    expect(platform.scope).toBe("platform");
    expect(typeof platform.kpiVariance).toBe("number");
    const other = (await (
      await get(`/api/copilot/mood?dealerId=${foreign}`, analyst.cookie)
    ).json()) as Record<string, unknown>;
    expect(other).toMatchObject({ scope: "dealer", dealerId: foreign });
  });
});

describe("the meta routes", () => {
  it("serve weights over time and the mood report to analysts, not to dealer users", async () => {
    const analyst = await session("analyst");
    const tone = (await (await get("/api/copilot/tone", analyst.cookie)).json()) as {
      floor: number;
      file: unknown;
      history: { weights: Record<string, number> }[];
    };
    expect(tone.floor).toBe(0.1);
    expect(tone.history.length).toBeGreaterThan(1);
    expect(Object.keys(tone.history[0]?.weights ?? {})).toContain("friendly");
    const mood = (await (await get("/api/copilot/mood-report", analyst.cookie)).json()) as {
      target: { target: number };
      sentiment: unknown[];
    };
    expect(mood.target.target).toBe(0.8);
    expect(mood.sentiment.length).toBeGreaterThan(5);
    const dealer = await session("dealer");
    expect((await get("/api/copilot/tone", dealer.cookie)).status).toBe(403);
    expect((await get("/api/copilot/mood-report", dealer.cookie)).status).toBe(403);
  });
});
