import { DaiError } from "@dai/core";
import type { Metadata } from "./store.js";

/** The metadata of rows that have none: one shared frozen object. */
export const EMPTY: Metadata = Object.freeze({});

export function matcher(
  filter: Readonly<Record<string, string | readonly string[]>>,
): (metadata: Metadata) => boolean {
  const entries = Object.entries(filter).map(
    ([key, value]) => [key, new Set(typeof value === "string" ? [value] : value)] as const,
  );
  return (metadata) =>
    entries.every(([key, allowed]) => metadata[key] !== undefined && allowed.has(metadata[key] as string));
}

/** A private frozen copy; rows without metadata share one empty object (8 bytes a row, not ~40). */
export function frozen(metadata: Metadata): Metadata {
  for (const _ in metadata) return Object.freeze({ ...metadata });
  return EMPTY;
}

export function gather(data: Float32Array, rows: Int32Array, dim: number): Float32Array {
  const out = new Float32Array(rows.length * dim);
  rows.forEach((row, i) => {
    out.set(data.subarray(row * dim, (row + 1) * dim), i * dim);
  });
  return out;
}

export function checkId(id: string): void {
  if (typeof id !== "string" || id.length === 0) {
    throw new DaiError("invalid_id", `id: expected a non-empty string, got ${JSON.stringify(id)}`, {
      field: "id",
    });
  }
}
