import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";

/** The Redis the tests use; they fail (never skip) when it is not reachable. */
export const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

/** A key prefix no other test (or run) shares. */
export function uniquePrefix(name: string): string {
  return `test:event-bus:${name}:${randomUUID().slice(0, 8)}`;
}

/** Deletes every key under `prefix`. */
export async function deleteKeys(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}
