import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rows } from "./__tests__/rows.js";
import { chatAdapterFromEnv, completionsUrl, createChatAdapter } from "./llm.js";
import { deriveMood } from "./mood.js";
import { type CopilotFacts, draftMessages } from "./templates.js";

type Handler = (body: Record<string, unknown>, req: IncomingMessage, res: ServerResponse) => void;
let handler: Handler = () => {};
const requests: { body: Record<string, unknown>; headers: IncomingMessage["headers"]; url?: string }[] = [];
const server = createServer((req, res) => {
  let text = "";
  req.on("data", (chunk) => {
    text += chunk;
  });
  req.on("end", () => {
    const body = JSON.parse(text) as Record<string, unknown>;
    requests.push({ body, headers: req.headers, url: req.url });
    handler(body, req, res);
  });
});
let base = "";
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const completion = (content: string) =>
  JSON.stringify({
    id: "chatcmpl-1",
    object: "chat.completion",
    model: "tiny",
    choices: [{ index: 0, finish_reason: "stop", message: { role: "assistant", content } }],
  });
const reply = (status: number, body: string) => (_b: unknown, _r: IncomingMessage, res: ServerResponse) => {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(body);
};

const mood = deriveMood(rows(40, 0.003));
const facts: CopilotFacts = {
  dealerId: "dlr-001",
  dealerName: "Harbor Toyota",
  asOf: mood.asOf,
  trend: mood.trend,
  changes: mood.changes,
};
const drafts = draftMessages(facts, "friendly", "upbeat", 1);
const context = { facts, tone: "friendly" as const, mood: "upbeat" as const };

describe("the OpenAI-compatible chat adapter", () => {
  it("posts the chat-completions wire format and returns the model's messages", async () => {
    const rewritten = drafts.map((_, i) => `Rewritten ${i + 1}`);
    handler = reply(200, completion(JSON.stringify(rewritten)));
    const adapter = createChatAdapter({ url: base, model: "tiny", apiKey: "sk-test" });
    expect(await adapter.rewrite(drafts, context)).toEqual(rewritten);
    const sent = requests.at(-1);
    expect(sent?.url).toBe("/v1/chat/completions");
    expect(sent?.headers.authorization).toBe("Bearer sk-test");
    expect(sent?.body.model).toBe("tiny");
    const messages = sent?.body.messages as { role: string; content: string }[];
    expect(messages.map((m) => m.role)).toEqual(["system", "user"]);
    expect(messages[0]?.content).toMatch(/friendly tone, with a upbeat mood/);
    expect(JSON.parse(messages[1]?.content as string).drafts).toEqual(drafts.map((d) => d.text));
  });

  it("accepts a fenced JSON answer", async () => {
    handler = reply(200, completion(`\`\`\`json\n${JSON.stringify(drafts.map(() => "ok text"))}\n\`\`\``));
    expect(
      await createChatAdapter({ url: `${base}/v1`, model: "tiny" }).rewrite(drafts, context),
    ).toHaveLength(drafts.length);
  });

  it("throws on an HTTP error, a wrong count, a non-completion body and a timeout", async () => {
    const adapter = createChatAdapter({ url: base, model: "tiny", timeoutMs: 200 });
    handler = reply(500, "{}");
    await expect(adapter.rewrite(drafts, context)).rejects.toThrow(/HTTP 500/);
    handler = reply(200, completion(JSON.stringify(["only one"])));
    await expect(adapter.rewrite(drafts, context)).rejects.toThrow(/JSON array of \d+ non-empty strings/);
    handler = reply(200, JSON.stringify({ nope: true }));
    await expect(adapter.rewrite(drafts, context)).rejects.toThrow(/not a chat completion/);
    handler = () => {};
    await expect(adapter.rewrite(drafts, context)).rejects.toThrow(/did not answer within 200 ms/);
  });

  it("is off without COPILOT_LLM_URL and refuses a URL without a model, never echoing the key", () => {
    expect(chatAdapterFromEnv({})).toBeUndefined();
    expect(chatAdapterFromEnv({ COPILOT_LLM_URL: base, COPILOT_LLM_MODEL: "m" })?.model).toBe("m");
    expect(() => chatAdapterFromEnv({ COPILOT_LLM_URL: base, COPILOT_LLM_API_KEY: "sk-secret" })).toThrow(
      /COPILOT_LLM_MODEL: required when COPILOT_LLM_URL is set/,
    );
    expect(() => chatAdapterFromEnv({ COPILOT_LLM_URL: "not a url", COPILOT_LLM_MODEL: "m" })).toThrow(
      /COPILOT_LLM_URL/,
    );
    expect(completionsUrl("http://x/v1/chat/completions/")).toBe("http://x/v1/chat/completions");
  });
});
