import type { z } from "zod";
import { DaiError } from "./errors.js";

/**
 * Validates environment variables against a zod object schema, reporting every bad variable by
 * name at once. Each package declares its variables once, in its own `env.ts`.
 *
 * @example
 * const env = loadEnv(z.object({ PORT: z.coerce.number().int().min(1).max(65535).default(8787) }));
 */
export function loadEnv<Schema extends z.ZodType>(
  schema: Schema,
  source: Record<string, string | undefined> = process.env,
): z.output<Schema> {
  // An empty string means "unset" for every variable: `FOO= pnpm start` must not fail validation.
  const cleaned: Record<string, string> = {};
  for (const [key, value] of Object.entries(source)) {
    if (value !== undefined && value.trim() !== "") cleaned[key] = value;
  }
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  const details = result.error.issues.map((issue) => {
    const name = issue.path.map(String).join(".") || "(environment)";
    const value = issue.path.length > 0 ? cleaned[String(issue.path[0])] : undefined;
    const shown =
      value === undefined
        ? "unset"
        : isSecretName(name)
          ? "got a value (hidden)"
          : `got ${JSON.stringify(value)}`;
    return { path: name, message: `${issue.message} (${shown})` };
  });
  throw new DaiError(
    "invalid_environment",
    `invalid environment: ${details.map((d) => `${d.path}: ${d.message}`).join("; ")}`,
    { details },
  );
}

const SECRET_NAME =
  /(secret|token|password|passwd|api[-_]?key|private[-_]?key|ingest[-_]?key|dsn|webhook|credential|cookie|authorization)/i;

/** Names whose values never appear in messages or logs. */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}
