import { loadEnv } from "@dai/core";
import { z } from "zod";

/**
 * The optional services `dai doctor` reports on. Each service package reads its own variables; this
 * list only tells whether each one is switched on and well-formed.
 */
export const serviceEnvSchema = z.object({
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: "expected redis://host:port" }).optional(),
  BIGQUERY_PROJECT_ID: z.string().optional(),
  BIGQUERY_DATASET: z
    .string()
    .regex(/^\w+$/, { error: "expected letters, digits and underscores" })
    .optional(),
  GITHUB_TOKEN: z.string().optional(),
  GITHUB_REPOSITORY: z
    .string()
    .regex(/^[\w.-]+\/[\w.-]+$/, { error: "expected owner/name" })
    .optional(),
  SLACK_WEBHOOK_URL: z.url({ protocol: /^https$/, error: "expected an https:// URL" }).optional(),
  SENTRY_DSN: z.url({ error: "expected a DSN URL" }).optional(),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url({ error: "expected an http(s):// URL" }).optional(),
  API_URL: z.url({ error: "expected the API's base URL, e.g. http://127.0.0.1:8787" }).optional(),
  CHROMIUM_PATH: z.string().optional(),
});

export type ServiceEnv = z.infer<typeof serviceEnvSchema>;

export function loadServiceEnv(source: Record<string, string | undefined>): ServiceEnv {
  return loadEnv(serviceEnvSchema, source);
}
