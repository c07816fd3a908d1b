import { createHash, timingSafeEqual } from "node:crypto";

const digest = (value: string) => createHash("sha256").update(value).digest();

/**
 * Constant-time key check: both sides are hashed first, so neither the key's content nor its length
 * leaks through timing.
 *
 * @example const check = keyChecker(process.env.TELEMETRY_INGEST_KEY!); check(given) // boolean
 */
export function keyChecker(expected: string): (given: string | undefined) => boolean {
  const expectedDigest = digest(expected);
  return (given) => timingSafeEqual(digest(given ?? ""), expectedDigest) && given !== undefined;
}

/** The key from `Authorization: Bearer …`, `X-Ingest-Key`, or `?key=` (beacons cannot set headers). */
export function presentedKey(request: Request, url: URL): string | undefined {
  const authorization = request.headers.get("authorization");
  if (authorization?.toLowerCase().startsWith("bearer ")) return authorization.slice(7).trim();
  return request.headers.get("x-ingest-key") ?? url.searchParams.get("key") ?? undefined;
}
