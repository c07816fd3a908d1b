import type { ProblemDetail } from "@dai/core";
import type { z } from "zod";

/**
 * Messages for zod's built-in checks, phrased as "expected …"; a schema's own message (e.g. the
 * threshold's "expected number ≥ 0") takes precedence over these.
 */
export const manifestErrorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case "invalid_type":
      return issue.input === undefined ? "required" : `expected ${issue.expected}`;
    case "too_small": {
      const bound = issue.inclusive ? "≥" : ">";
      if (issue.origin === "array") return `expected at least ${issue.minimum} item(s)`;
      if (issue.origin === "string") return `expected a non-empty string`;
      return `expected ${issue.origin} ${bound} ${issue.minimum}`;
    }
    case "too_big":
      return `expected ${issue.origin} ${issue.inclusive ? "≤" : "<"} ${issue.maximum}`;
    case "invalid_value":
      return `expected one of ${issue.values.map((v) => String(v)).join(", ")}`;
    case "invalid_format":
      return `expected ${issue.format}`;
    case "unrecognized_keys":
      return "unknown key";
    default:
      return undefined;
  }
};

/** Turns zod issues into one line per problem: `path: message, got <value>`. */
export function describeIssues(issues: readonly z.core.$ZodIssue[], input: unknown): ProblemDetail[] {
  const details: ProblemDetail[] = [];
  for (const issue of issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        details.push({
          path: formatPath([...issue.path, key]),
          message: "unknown key (not part of the manifest schema)",
        });
      }
      continue;
    }
    const path = formatPath(issue.path);
    const value = valueAt(input, issue.path);
    const got =
      value === undefined ? (issue.message === "required" ? ", missing" : "") : `, got ${show(value)}`;
    details.push({ path, message: `${issue.message}${got}` });
  }
  return details;
}

/** `systems.autoProfiling.threshold`, `successMetrics[2].target`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out === "" ? String(part) : `.${String(part)}`;
  }
  return out === "" ? "(root)" : out;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = input;
  for (const part of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[part];
  }
  return current;
}

function show(value: unknown): string {
  if (value !== null && typeof value === "object") return Array.isArray(value) ? "an array" : "an object";
  const rendered = JSON.stringify(value);
  return rendered.length > 60 ? `${rendered.slice(0, 57)}…` : rendered;
}
