import { type Logger, silentLogger } from "@dai/core";
import type { NotifyEnv } from "./env.js";
import {
  type GitHubOptions,
  type RegressionNotice,
  type SyncResult,
  syncRegressionIssues,
  upsertPullRequestComment,
} from "./github.js";
import type { RetryPolicy } from "./retry.js";
import { buildSlackMessage, type PerfSummary, sendSlackMessage } from "./slack.js";

export interface ChannelOutcome<T> {
  status: "sent" | "skipped" | "failed";
  /** Why it was skipped or how it failed (secrets removed). */
  reason?: string;
  result?: T;
}

export interface NotifyInput {
  regressions: readonly RegressionNotice[];
  summary: PerfSummary & { regressions: { message: string; url?: string; key?: string }[] };
  /** Post the report on this PR as well (one comment, updated on every push). */
  pullRequest?: { number: number; body: string };
  /** Only issues whose key starts with one of these are closed when their regression is gone. */
  scopes?: readonly string[];
  /** Commit or run that fixed a closed regression, for the closing comment. */
  resolvedBy?: string;
}

export interface NotifyOutcome {
  issues: ChannelOutcome<SyncResult>;
  pullRequest: ChannelOutcome<{ action: string; url: string }>;
  slack: ChannelOutcome<undefined>;
}

export interface NotifyOptions {
  env: NotifyEnv;
  /** Overrides for the GitHub client (base URL, retry policy, label). */
  github?: Partial<GitHubOptions>;
  slack?: RetryPolicy;
  logger?: Logger;
}

/**
 * Files/updates/closes the regression issues, comments on the PR and posts to Slack — each only when
 * its credentials are set. Never throws: a failed channel is reported in the outcome, so the
 * analysis result it accompanies is never lost.
 *
 * @example const outcome = await notifyPerfResult(input, { env: loadNotifyEnv() });
 */
export async function notifyPerfResult(input: NotifyInput, options: NotifyOptions): Promise<NotifyOutcome> {
  const logger = options.logger ?? silentLogger;
  const secrets = [options.env.github?.token, options.env.slackWebhookUrl].filter((s): s is string =>
    Boolean(s),
  );
  const outcome: NotifyOutcome = {
    issues: { status: "skipped", reason: "GITHUB_TOKEN or GITHUB_REPOSITORY not set" },
    pullRequest: {
      status: "skipped",
      reason: input.pullRequest ? "GITHUB_TOKEN or GITHUB_REPOSITORY not set" : "not a pull request",
    },
    slack: { status: "skipped", reason: "SLACK_WEBHOOK_URL not set" },
  };
  const github = options.env.github;
  if (github) {
    const githubOptions: GitHubOptions = {
      token: github.token,
      owner: github.owner,
      repo: github.repo,
      ...(github.apiUrl ? { baseUrl: github.apiUrl } : {}),
      onRetry: (line) => logger.warn(redact(line, secrets)),
      ...options.github,
    };
    try {
      const sync: { scopes?: readonly string[]; resolvedBy?: string } = {};
      if (input.scopes !== undefined) sync.scopes = input.scopes;
      if (input.resolvedBy !== undefined) sync.resolvedBy = input.resolvedBy;
      const result = await syncRegressionIssues(input.regressions, githubOptions, sync);
      outcome.issues = { status: "sent", result };
      const urls = new Map([...result.created, ...result.updated].map((issue) => [issue.key, issue.url]));
      for (const regression of input.summary.regressions) {
        if (regression.key && !regression.url) {
          const url = urls.get(regression.key);
          if (url) regression.url = url;
        }
      }
    } catch (error) {
      outcome.issues = { status: "failed", reason: describe(error, secrets) };
      logger.error("GitHub issue sync failed", { reason: outcome.issues.reason });
    }
    if (input.pullRequest) {
      try {
        const result = await upsertPullRequestComment(
          input.pullRequest.number,
          input.pullRequest.body,
          githubOptions,
        );
        outcome.pullRequest = { status: "sent", result: { action: result.action, url: result.url } };
      } catch (error) {
        outcome.pullRequest = { status: "failed", reason: describe(error, secrets) };
        logger.error("GitHub PR comment failed", { reason: outcome.pullRequest.reason });
      }
    }
  }
  if (options.env.slackWebhookUrl) {
    try {
      await sendSlackMessage(options.env.slackWebhookUrl, buildSlackMessage(input.summary), options.slack);
      outcome.slack = { status: "sent" };
    } catch (error) {
      outcome.slack = { status: "failed", reason: describe(error, secrets) };
      logger.error("Slack notification failed", { reason: outcome.slack.reason });
    }
  }
  return outcome;
}

function describe(error: unknown, secrets: readonly string[]): string {
  const status = (error as { status?: unknown }).status;
  const message = error instanceof Error ? error.message : String(error);
  return redact(`${typeof status === "number" ? `HTTP ${status}: ` : ""}${message}`, secrets);
}

/** Removes every secret value from a message before it is logged or returned. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join("***");
  return out;
}
