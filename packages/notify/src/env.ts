import { loadEnv } from "@dai/core";
import { z } from "zod";

/** The notify settings from the environment; each channel is off when its variables are unset. */
export interface NotifyEnv {
  github?: { token: string; owner: string; repo: string; apiUrl?: string };
  slackWebhookUrl?: string;
}

const httpUrl = z.url({ protocol: /^https?$/, error: "expected an http(s) URL" });

const notifyEnvSchema = z
  .object({
    GITHUB_TOKEN: z.string().optional(),
    GITHUB_REPOSITORY: z
      .string()
      .regex(/^[\w.-]+\/[\w.-]+$/, { error: 'expected "owner/repo"' })
      .optional(),
    GITHUB_API_URL: httpUrl.optional(),
    SLACK_WEBHOOK_URL: httpUrl.optional(),
  })
  .superRefine((env, context) => {
    if (env.GITHUB_TOKEN !== undefined && env.GITHUB_REPOSITORY === undefined) {
      context.addIssue({
        code: "custom",
        path: ["GITHUB_REPOSITORY"],
        message: "required when GITHUB_TOKEN is set",
      });
    }
  })
  .transform((env): NotifyEnv => {
    const settings: NotifyEnv = {};
    if (env.GITHUB_TOKEN && env.GITHUB_REPOSITORY) {
      const [owner = "", repo = ""] = env.GITHUB_REPOSITORY.split("/");
      settings.github = { token: env.GITHUB_TOKEN, owner, repo };
      if (env.GITHUB_API_URL) settings.github.apiUrl = env.GITHUB_API_URL.replace(/\/+$/, "");
    }
    if (env.SLACK_WEBHOOK_URL) settings.slackWebhookUrl = env.SLACK_WEBHOOK_URL;
    return settings;
  });

/**
 * GITHUB_TOKEN + GITHUB_REPOSITORY (+ GITHUB_API_URL, which Actions sets) and SLACK_WEBHOOK_URL.
 * A bad value is reported by variable name; secret values never appear in the message.
 *
 * @example const env = loadNotifyEnv(); if (env.github) { ... }
 */
export function loadNotifyEnv(source: Record<string, string | undefined> = process.env): NotifyEnv {
  return loadEnv(notifyEnvSchema, source);
}
