import { DaiError, loadEnv } from "@dai/core";
import { z } from "zod";
import type { CopilotMood } from "./mood.js";
import type { CopilotFacts, CopilotTone, DraftMessage } from "./templates.js";

/** The Copilot's optional model, switched on by configuration. */
export const copilotEnvSchema = z
  .object({
    /** Base URL of an OpenAI-compatible server (`…/v1/chat/completions` is appended unless present). */
    COPILOT_LLM_URL: z.url({ error: "expected an http(s) URL" }).optional(),
    COPILOT_LLM_MODEL: z.string().min(1).max(200).optional(),
    COPILOT_LLM_API_KEY: z.string().min(1).optional(),
    COPILOT_LLM_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(8000),
  })
  .refine((env) => env.COPILOT_LLM_URL === undefined || env.COPILOT_LLM_MODEL !== undefined, {
    path: ["COPILOT_LLM_MODEL"],
    error: "required when COPILOT_LLM_URL is set",
  });

export interface ChatAdapterOptions {
  readonly url: string;
  readonly model: string;
  readonly apiKey?: string;
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
}

/** Rewrites the template's messages in the tone and mood; throws on any failure (the caller falls back). */
export interface ChatAdapter {
  readonly model: string;
  rewrite(
    drafts: readonly DraftMessage[],
    context: { facts: CopilotFacts; tone: CopilotTone; mood: CopilotMood },
  ): Promise<string[]>;
}

/**
 * The adapter from the environment: undefined unless COPILOT_LLM_URL is set; a bad variable is a clear
 * start-up error naming it (the key's value is never shown).
 */
export function chatAdapterFromEnv(
  env: Record<string, string | undefined> = process.env,
  fetchImpl?: typeof fetch,
): ChatAdapter | undefined {
  const parsed = loadEnv(copilotEnvSchema, env);
  if (!parsed.COPILOT_LLM_URL) return undefined;
  return createChatAdapter({
    url: parsed.COPILOT_LLM_URL,
    model: parsed.COPILOT_LLM_MODEL as string,
    apiKey: parsed.COPILOT_LLM_API_KEY,
    timeoutMs: parsed.COPILOT_LLM_TIMEOUT_MS,
    fetch: fetchImpl,
  });
}

/** `…/v1/chat/completions` from a base URL (with or without `/v1`) or the full endpoint. */
export function completionsUrl(base: string): string {
  const trimmed = base.replace(/\/+$/, "");
  if (trimmed.endsWith("/chat/completions")) return trimmed;
  if (trimmed.endsWith("/v1")) return `${trimmed}/chat/completions`;
  return `${trimmed}/v1/chat/completions`;
}

const completionSchema = z.object({
  choices: z
    .array(z.object({ message: z.object({ content: z.string().min(1) }) }))
    .min(1, { error: "expected at least one choice" }),
});

/**
 * An adapter for an OpenAI-compatible chat endpoint (`POST /v1/chat/completions`): it sends the facts
 * and the template's drafts, asks for the same number of messages back as a JSON array of strings, and
 * checks the answer's shape. A timeout, an HTTP error or an unusable answer throws a `DaiError`.
 */
export function createChatAdapter(options: ChatAdapterOptions): ChatAdapter {
  const endpoint = completionsUrl(options.url);
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const timeoutMs = options.timeoutMs ?? 8000;
  return {
    model: options.model,
    async rewrite(drafts, { facts, tone, mood }) {
      const system = [
        "You are the DealershipAI Copilot. You explain to car-dealership staff what changed in their KPIs.",
        `Write in a ${tone} tone, with a ${mood} mood. Use only the facts given; never invent numbers.`,
        `Answer with a JSON array of exactly ${drafts.length} strings, one rewritten message per draft, in order.`,
      ].join(" ");
      const user = JSON.stringify({ facts, drafts: drafts.map((d) => d.text) });
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;
      let response: Response;
      try {
        response = await doFetch(endpoint, {
          method: "POST",
          headers,
          body: JSON.stringify({
            model: options.model,
            temperature: 0.4,
            max_tokens: 600,
            messages: [
              { role: "system", content: system },
              { role: "user", content: user },
            ],
          }),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        const timedOut = (error as Error).name === "TimeoutError";
        throw new DaiError(
          "llm_unavailable",
          timedOut
            ? `the Copilot model did not answer within ${timeoutMs} ms`
            : "the Copilot model could not be reached",
          { status: 502, cause: error },
        );
      }
      if (!response.ok) {
        throw new DaiError("llm_unavailable", `the Copilot model answered HTTP ${response.status}`, {
          status: 502,
        });
      }
      const body = completionSchema.safeParse(await response.json().catch(() => undefined));
      if (!body.success) {
        throw new DaiError("llm_invalid", "the Copilot model's answer is not a chat completion", {
          status: 502,
        });
      }
      const content = (body.data.choices[0]?.message.content ?? "").trim();
      const texts = parseTexts(content);
      if (!texts || texts.length !== drafts.length) {
        throw new DaiError(
          "llm_invalid",
          `the Copilot model's answer is not a JSON array of ${drafts.length} non-empty strings`,
          { status: 502 },
        );
      }
      return texts;
    },
  };
}

/** A JSON array of non-empty strings, also when the model wrapped it in a ``` fence. */
function parseTexts(content: string): string[] | undefined {
  const unfenced = content.replace(/^```(?:json)?\s*/i, "").replace(/\s*```$/, "");
  try {
    const value = JSON.parse(unfenced) as unknown;
    if (!Array.isArray(value)) return undefined;
    const texts = value.map((v) => (typeof v === "string" ? v.trim() : ""));
    return texts.every((t) => t.length > 0 && t.length <= 2000 && !/\bundefined\b/.test(t))
      ? texts
      : undefined;
  } catch {
    return undefined;
  }
}
