import { formatPath } from "./issues.js";

export interface JsonChange {
  readonly path: string;
  readonly kind: "added" | "removed" | "changed";
  readonly before?: unknown;
  readonly after?: unknown;
}

/** The leaf-level differences between two JSON values, in document order. */
export function diffJson(before: unknown, after: unknown, path: PropertyKey[] = []): JsonChange[] {
  if (isObject(before) && isObject(after)) {
    const changes: JsonChange[] = [];
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    for (const key of keys) {
      const at = [...path, key];
      if (!(key in after)) changes.push({ path: formatPath(at), kind: "removed", before: before[key] });
      else if (!(key in before)) changes.push({ path: formatPath(at), kind: "added", after: after[key] });
      else changes.push(...diffJson(before[key], after[key], at));
    }
    return changes;
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    return before.flatMap((item, index) => diffJson(item, after[index], [...path, index]));
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  return [{ path: formatPath(path), kind: "changed", before, after }];
}

/** One line per change, `-` for the old value and `+` for the new, like a unified diff. */
export function formatDiff(changes: readonly JsonChange[]): string {
  const lines: string[] = [];
  for (const change of changes) {
    if (change.kind !== "added") lines.push(`- ${change.path}: ${JSON.stringify(change.before)}`);
    if (change.kind !== "removed") lines.push(`+ ${change.path}: ${JSON.stringify(change.after)}`);
  }
  return lines.join("\n");
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
