import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parseJson, writeJsonAtomic } from "@dai/core";

export const REVOCATIONS_FILE = "revoked-sessions.json";

/**
 * Sessions are stateless encrypted tokens; signing out must still end them everywhere, so the ids of
 * signed-out sessions are kept (on disk, until the token would have expired anyway) and refused.
 */
export class SessionRevocations {
  private readonly revoked = new Map<string, number>();

  private constructor(private readonly path: string) {}

  static async open(dataDir: string): Promise<SessionRevocations> {
    const store = new SessionRevocations(join(dataDir, REVOCATIONS_FILE));
    if (existsSync(store.path)) {
      const entries = parseJson(await readFile(store.path, "utf8"), store.path) as Record<string, number>;
      for (const [id, expiresAt] of Object.entries(entries)) store.revoked.set(id, expiresAt);
    }
    return store;
  }

  /** `expiresAt` in seconds since the epoch (the token's `exp`). */
  async revoke(sessionId: string, expiresAt: number): Promise<void> {
    const now = Date.now() / 1000;
    for (const [id, expiry] of this.revoked) if (expiry < now) this.revoked.delete(id);
    this.revoked.set(sessionId, expiresAt);
    await writeJsonAtomic(this.path, Object.fromEntries(this.revoked));
  }

  isRevoked(sessionId: string | undefined): boolean {
    return sessionId !== undefined && this.revoked.has(sessionId);
  }
}
