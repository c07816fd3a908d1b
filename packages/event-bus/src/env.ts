import { loadEnv } from "@dai/core";
import { z } from "zod";

const busEnvSchema = z.object({
  /** Set: Redis Streams adapter; unset: in-memory. */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\/\S+$/, { error: "expected a URL like redis://127.0.0.1:6379" })
    .optional(),
  /** Key prefix of the streams (several deployments can share one Redis). */
  EVENT_BUS_PREFIX: z
    .string()
    .regex(/^[\w:.-]{1,64}$/, { error: "expected 1–64 characters of [A-Za-z0-9_:.-]" })
    .default("dai:bus"),
  /** Events retained per topic for replay. */
  EVENT_BUS_HISTORY: z.coerce
    .number({ error: "expected an integer 1–1000000" })
    .int({ error: "expected an integer 1–1000000" })
    .min(1, { error: "expected an integer 1–1000000" })
    .max(1_000_000, { error: "expected an integer 1–1000000" })
    .default(1000),
});

/** Variables the event bus reads. */
export type BusEnv = z.infer<typeof busEnvSchema>;

/**
 * Reads and validates the bus's variables (empty = unset), throwing one DaiError naming every bad one.
 *
 * @example loadBusEnv({ REDIS_URL: "redis://127.0.0.1:6379" }).REDIS_URL
 */
export function loadBusEnv(source: Record<string, string | undefined> = process.env): BusEnv {
  return loadEnv(busEnvSchema, source);
}
