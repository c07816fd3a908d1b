import { loadEnv } from "@dai/core";
import { z } from "zod";

const port = z.coerce.number({ error: "expected a port number" }).int().min(1).max(65535);
const flag = z
  .enum(["true", "false", "1", "0"], { error: "expected true or false" })
  .transform((value) => value === "true" || value === "1");

/** Every variable the API reads; validated once at start-up. */
export const apiEnvSchema = z
  .object({
    API_PORT: port.default(8787),
    API_HOST: z.string().default("127.0.0.1"),
    /** Comma-separated origins allowed to call the API from a browser. */
    CORS_ORIGINS: z
      .string()
      .default("http://localhost:3000,http://127.0.0.1:3000")
      .transform((value) =>
        value
          .split(",")
          .map((origin) => origin.trim())
          .filter(Boolean),
      )
      .pipe(
        z.array(
          z.url({
            protocol: /^https?$/,
            error: "expected comma-separated origins like https://app.example.com",
          }),
        ),
      ),
    API_BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
    /** Requests per API key per window (browser sessions are not counted). */
    API_RATE_LIMIT: z.coerce.number().int().min(1).default(1200),
    API_RATE_WINDOW_SECONDS: z.coerce.number().int().min(1).default(60),
    DAI_DATA_DIR: z.string().optional(),
    MANIFEST_PATH: z.string().optional(),
    /** Demo mode: demo accounts can sign in and are listed on the sign-in page. */
    DAI_DEMO_MODE: flag.default(false),
    AUTH_SECRET: z
      .string()
      .min(32, { error: "expected at least 32 characters (openssl rand -base64 32)" })
      .optional(),
    /** Public URL of the auth routes as the browser reaches them (through the dashboard). */
    AUTH_URL: z
      .url({ protocol: /^https?$/, error: "expected e.g. https://dashboard.example.com/api/auth" })
      .default("http://127.0.0.1:3000/api/auth"),
    AUTH_OIDC_ISSUER: z.url({ error: "expected the issuer URL" }).optional(),
    AUTH_OIDC_CLIENT_ID: z.string().optional(),
    AUTH_OIDC_CLIENT_SECRET: z.string().optional(),
    AUTH_OIDC_NAME: z.string().default("Single sign-on"),
    /** The key telemetry clients present to `POST /api/telemetry`; generated into the data dir in demo mode. */
    TELEMETRY_INGEST_KEY: z.string().min(16, { error: "expected at least 16 characters" }).optional(),
    /** How often success metrics are evaluated and published (ms). */
    TELEMETRY_EVALUATION_INTERVAL_MS: z.coerce.number().int().min(1000).default(60_000),
    /** Run the manifest's scheduled jobs in this process (one API process should). */
    DAI_RUN_SCHEDULER: flag.default(true),
    SESSION_MAX_AGE_SECONDS: z.coerce
      .number()
      .int()
      .min(60)
      .default(8 * 3600),
    SESSION_UPDATE_AGE_SECONDS: z.coerce
      .number()
      .int()
      .min(0)
      .default(15 * 60),
    SIGN_IN_MAX_ATTEMPTS_PER_ACCOUNT: z.coerce.number().int().min(1).default(10),
    SIGN_IN_MAX_ATTEMPTS_PER_IP: z.coerce.number().int().min(1).default(30),
    SIGN_IN_WINDOW_SECONDS: z.coerce
      .number()
      .int()
      .min(1)
      .default(15 * 60),
  })
  .superRefine((env, context) => {
    const oidc = [env.AUTH_OIDC_ISSUER, env.AUTH_OIDC_CLIENT_ID, env.AUTH_OIDC_CLIENT_SECRET];
    if (oidc.some(Boolean) && !oidc.every(Boolean)) {
      context.addIssue({
        code: "custom",
        path: ["AUTH_OIDC_ISSUER"],
        message: "set AUTH_OIDC_ISSUER, AUTH_OIDC_CLIENT_ID and AUTH_OIDC_CLIENT_SECRET together",
      });
    }
    if (!env.DAI_DEMO_MODE && !env.AUTH_SECRET) {
      context.addIssue({
        code: "custom",
        path: ["AUTH_SECRET"],
        message: "required outside demo mode (DAI_DEMO_MODE=true generates one in the data dir)",
      });
    }
  });

export type ApiEnv = z.infer<typeof apiEnvSchema>;

export function loadApiEnv(source: Record<string, string | undefined> = process.env): ApiEnv {
  return loadEnv(apiEnvSchema, source);
}
