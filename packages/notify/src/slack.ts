import { DaiError } from "@dai/core";
import {
  type FetchFunction,
  IncomingWebhook,
  IncomingWebhookHTTPError,
  IncomingWebhookRequestError,
} from "@slack/webhook";
import { defaultSleep, type RetryPolicy, retryDelay } from "./retry.js";

/** What a performance check found, in the shape the Slack message shows. */
export interface PerfSummary {
  title: string;
  status: "ok" | "regression" | "failed";
  commit?: string;
  /** Link to the CI run. */
  runUrl?: string;
  apps: {
    app: string;
    totalBytes: number;
    deltaBytes: number | null;
    deltaPercent: number | null;
    regressions: number;
  }[];
  regressions: { message: string; url?: string }[];
  lighthouse?: { url: string; scores: Record<string, number>; passed: boolean }[];
}

// Block Kit's documented limits: header text 150, section text 3000, 10 fields, 50 blocks.
const HEADER_MAX = 150;
const TEXT_MAX = 3000;
const FIELDS_MAX = 10;

/** Slack mrkdwn needs only these three escaped. */
export function escapeMrkdwn(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);
const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

export interface SlackMessage {
  text: string;
  blocks: Record<string, unknown>[];
}

/**
 * One Block Kit message: a header, the per-app totals as fields, the regressions as a list with
 * links to their issues, Lighthouse medians, and a link to the run. `text` is the notification fallback.
 *
 * @example await sendSlackMessage(url, buildSlackMessage(summary));
 */
export function buildSlackMessage(summary: PerfSummary): SlackMessage {
  const icon = summary.status === "ok" ? "✅" : summary.status === "regression" ? "⚠️" : "❌";
  const blocks: Record<string, unknown>[] = [
    {
      type: "header",
      text: { type: "plain_text", text: clip(`${icon} ${summary.title}`, HEADER_MAX), emoji: true },
    },
  ];
  const fields = summary.apps.slice(0, FIELDS_MAX).map((app) => {
    const change =
      app.deltaBytes === null
        ? "first build"
        : `${app.deltaBytes >= 0 ? "+" : ""}${kb(app.deltaBytes)}${app.deltaPercent === null ? "" : ` (${app.deltaPercent >= 0 ? "+" : ""}${app.deltaPercent.toFixed(1)}%)`}`;
    return {
      type: "mrkdwn",
      text: clip(
        `*${escapeMrkdwn(app.app)}*\n${kb(app.totalBytes)} · ${change}${app.regressions ? ` · ${app.regressions} flagged` : ""}`,
        2000,
      ),
    };
  });
  if (fields.length > 0) blocks.push({ type: "section", fields });
  if (summary.regressions.length > 0) {
    const lines = summary.regressions.map(
      (r) => `• ${r.url ? `<${r.url}|${escapeMrkdwn(r.message)}>` : escapeMrkdwn(r.message)}`,
    );
    blocks.push({
      type: "section",
      text: { type: "mrkdwn", text: clip(`*Regressions*\n${lines.join("\n")}`, TEXT_MAX) },
    });
  }
  if (summary.lighthouse && summary.lighthouse.length > 0) {
    const lines = summary.lighthouse.map((l) => {
      const scores = Object.entries(l.scores)
        .map(([k, v]) => `${k} ${Math.round(v * 100)}`)
        .join(" · ");
      return `${l.passed ? "✅" : "❌"} ${escapeMrkdwn(l.url)}: ${scores}`;
    });
    blocks.push({
      type: "section",
      text: { type: "mrkdwn", text: clip(`*Lighthouse (median)*\n${lines.join("\n")}`, TEXT_MAX) },
    });
  }
  const context = [
    summary.commit ? `commit \`${escapeMrkdwn(summary.commit.slice(0, 12))}\`` : "",
    summary.runUrl ? `<${summary.runUrl}|CI run>` : "",
  ]
    .filter(Boolean)
    .join(" · ");
  if (context) blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: context }] });
  const text = `${summary.title}: ${summary.regressions.length} regression(s)`;
  return { text, blocks };
}

/**
 * Posts through `@slack/webhook`, retrying 429 (after Slack's Retry-After), 5xx and network
 * failures. The webhook URL is a secret: errors never contain it.
 */
export async function sendSlackMessage(
  webhookUrl: string,
  message: SlackMessage,
  policy: RetryPolicy = {},
): Promise<void> {
  let lastHeaders: Record<string, string> = {};
  const fetchWithHeaders: FetchFunction = async (url, init) => {
    const response = await fetch(url, init as RequestInit);
    lastHeaders = Object.fromEntries(response.headers.entries());
    return response;
  };
  const webhook = new IncomingWebhook(webhookUrl, {
    fetch: fetchWithHeaders,
    timeout: 10_000,
    retryConfig: { retries: 0 },
  });
  const retries = policy.retries ?? 3;
  const sleep = policy.sleep ?? defaultSleep;
  for (let attempt = 0; ; attempt++) {
    lastHeaders = {};
    try {
      await webhook.send({ text: message.text, blocks: message.blocks as never });
      return;
    } catch (error) {
      const status = error instanceof IncomingWebhookHTTPError ? error.statusCode : undefined;
      const transient = status !== undefined || error instanceof IncomingWebhookRequestError;
      const wait = transient ? retryDelay(status, lastHeaders, attempt, policy) : undefined;
      if (wait === undefined || attempt >= retries || wait > (policy.maxWaitMs ?? 60_000)) {
        const detail =
          error instanceof IncomingWebhookHTTPError
            ? `HTTP ${error.statusCode} ${clip(error.body, 200)}`
            : "request failed";
        throw new DaiError("slack_failed", `Slack webhook: ${detail} after ${attempt + 1} attempt(s)`, {
          status: 502,
        });
      }
      await sleep(wait);
    }
  }
}
