/**
 * A random event id (UUID v4) from Web Crypto, present in browsers and Node ≥ 19 alike; the ingest
 * de-duplicates on it, so a retried batch never counts twice.
 */
export function newEventId(): string {
  return globalThis.crypto.randomUUID();
}
