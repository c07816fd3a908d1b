import { loadEnv } from "@dai/core";
import { z } from "zod";

const port = z.coerce.number({ error: "expected a port number" }).int().min(1).max(65535);

/** Every variable the API reads; validated once at start-up. */
export const apiEnvSchema = z.object({
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
  DAI_DATA_DIR: z.string().optional(),
  MANIFEST_PATH: z.string().optional(),
});

export type ApiEnv = z.infer<typeof apiEnvSchema>;

export function loadApiEnv(source: Record<string, string | undefined> = process.env): ApiEnv {
  return loadEnv(apiEnvSchema, source);
}
