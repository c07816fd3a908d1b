import type { z } from "zod";
import { DaiError, type ProblemDetail } from "./errors.js";

export interface ParseWithOptions {
  /** The `DaiError` code, e.g. `invalid_query`. */
  readonly code: string;
  /** Default 400. */
  readonly status?: number;
  /** Prefix of the message, e.g. the file's path. */
  readonly source?: string;
  /** Path shown for a problem with the value as a whole (default `(value)`). */
  readonly root?: string;
  /** Message for keys a strict object does not know (default `unknown field`). */
  readonly unknownKey?: string;
}

/**
 * Validates `value` against a zod schema, or throws one `DaiError` that names every bad field (in
 * `details`, and in the message): the one way the repo turns a schema's refusal into an error.
 *
 * @example const query = parseWith(listQuery, c.req.query(), { code: "invalid_query", unknownKey: "unknown query parameter" });
 */
export function parseWith<T extends z.ZodType>(
  schema: T,
  value: unknown,
  options: ParseWithOptions,
): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const details: ProblemDetail[] = result.error.issues.map((issue) => {
    const path = issue.path
      .map((key, index) => (typeof key === "number" ? `[${key}]` : `${index > 0 ? "." : ""}${String(key)}`))
      .join("");
    if (issue.code === "unrecognized_keys") {
      const keys = issue.keys.map((key) => (path ? `${path}.${key}` : key)).join(",");
      return { path: keys, message: options.unknownKey ?? "unknown field" };
    }
    return { path: path || (options.root ?? "(value)"), message: issue.message };
  });
  const listed = details.map((d) => `${d.path}: ${d.message}`).join("; ");
  throw new DaiError(options.code, options.source ? `${options.source}: ${listed}` : listed, {
    status: options.status ?? 400,
    ...(details[0] ? { field: details[0].path } : {}),
    details,
  });
}
