import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { DaiError, parseJson, writeJsonAtomic } from "@dai/core";
import type { Principal, Role } from "./model.js";
import { ROLES } from "./model.js";

/** What is stored per key: never the secret, only its SHA-256. */
export interface StoredApiKey {
  id: string;
  name: string;
  role: Role;
  dealerIds: string[] | null;
  hash: string;
  createdAt: string;
  createdBy: string;
  revokedAt: string | null;
}

export const API_KEYS_FILE = "api-keys.json";
const KEY_PATTERN = /^dai_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

function sha256(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}

/**
 * Scoped API keys for machine clients (CI jobs, the telemetry client, the CLI against a remote API).
 * A key reads `dai_<id>_<secret>`; the id finds the record, the secret is checked against its hash in
 * constant time. Keys live in `data/api-keys.json`, written atomically.
 */
export class ApiKeyStore {
  private keys: StoredApiKey[] = [];
  private loadedMtimeMs = 0;
  /** `performance.now()` of the last check: monotonic, so a wall-clock step back cannot keep a revoked key alive. */
  private checkedAt = Number.NEGATIVE_INFINITY;
  /**
   * Keys that passed the constant-time check, in their exact canonical form (one entry per key at
   * most, so the map cannot be grown with padded variants), so a busy key costs one map lookup instead
   * of a SHA-256 per request. The lookup hashes the whole presented string, so its timing tells nothing
   * about how much of a stored key matched. Emptied whenever the key file is re-read or a key revoked.
   */
  private readonly verified = new Map<string, Principal>();

  private constructor(private readonly path: string) {}

  static async open(dataDir: string): Promise<ApiKeyStore> {
    const store = new ApiKeyStore(join(dataDir, API_KEYS_FILE));
    await store.refresh();
    return store;
  }

  /**
   * Re-reads the file if another process (`dai keys create`) changed it since the last read. With
   * `maxAgeMs`, a check younger than that is trusted: the hot path then costs no `stat`, and a key
   * revoked by another process stops working within `maxAgeMs`.
   */
  async refresh(maxAgeMs = 0): Promise<void> {
    const now = performance.now();
    if (this.isFresh(maxAgeMs, now)) return;
    this.checkedAt = now;
    if (!existsSync(this.path)) return;
    const { mtimeMs } = await stat(this.path);
    if (mtimeMs === this.loadedMtimeMs) return;
    this.keys = parseJson(await readFile(this.path, "utf8"), this.path) as StoredApiKey[];
    this.loadedMtimeMs = mtimeMs;
    this.verified.clear();
  }

  list(): readonly Omit<StoredApiKey, "hash">[] {
    return this.keys.map(({ hash: _hash, ...rest }) => rest);
  }

  /** Creates a key and returns its secret form, shown once. */
  async create(input: {
    name: string;
    role: Role;
    dealerIds: string[] | null;
    createdBy: string;
  }): Promise<{ key: string; id: string }> {
    if (!ROLES.includes(input.role))
      throw new DaiError("invalid_role", `role: expected one of ${ROLES.join(", ")}, got "${input.role}"`, {
        field: "role",
      });
    if (input.role === "dealer" && (!input.dealerIds || input.dealerIds.length === 0)) {
      throw new DaiError("invalid_scope", "dealerIds: a dealer key needs at least one dealer id", {
        field: "dealerIds",
      });
    }
    if (!input.name.trim()) throw new DaiError("invalid_name", "name: required", { field: "name" });
    const id = randomBytes(9)
      .toString("base64url")
      .toLowerCase()
      .replace(/[^a-z0-9]/g, "0")
      .slice(0, 12);
    const secret = randomBytes(32).toString("base64url");
    this.keys.push({
      id,
      name: input.name.trim(),
      role: input.role,
      dealerIds: input.role === "dealer" ? (input.dealerIds ?? []) : null,
      hash: sha256(secret).toString("base64url"),
      createdAt: new Date().toISOString(),
      createdBy: input.createdBy,
      revokedAt: null,
    });
    await writeJsonAtomic(this.path, this.keys);
    return { key: `dai_${id}_${secret}`, id };
  }

  async revoke(id: string): Promise<void> {
    const key = this.keys.find((k) => k.id === id);
    if (!key) throw new DaiError("not_found", `no API key "${id}"`, { status: 404 });
    key.revokedAt ??= new Date().toISOString();
    this.verified.clear();
    await writeJsonAtomic(this.path, this.keys);
  }

  /** Whether the last check is younger than `maxAgeMs`, so `refresh(maxAgeMs)` would read nothing. */
  isFresh(maxAgeMs: number, now = performance.now()): boolean {
    return maxAgeMs > 0 && now - this.checkedAt < maxAgeMs;
  }

  /** How many verified keys are remembered (at most one per stored key). */
  get rememberedKeys(): number {
    return this.verified.size;
  }

  /** The principal behind a presented key, or `undefined` for a malformed, unknown, tampered or revoked one. */
  verify(presented: string): Principal | undefined {
    const known = this.verified.get(presented);
    if (known) return known;
    const principal = this.check(presented);
    if (principal && KEY_PATTERN.test(presented)) this.verified.set(presented, Object.freeze(principal));
    return principal;
  }

  private check(presented: string): Principal | undefined {
    const match = KEY_PATTERN.exec(presented.trim());
    if (!match) return undefined;
    const [, id, secret] = match as unknown as [string, string, string];
    const key = this.keys.find((k) => k.id === id);
    // Hash anyway when the id is unknown, so timing does not tell which ids exist.
    const actual = sha256(secret);
    const expected = key ? Buffer.from(key.hash, "base64url") : sha256("");
    const equal = expected.length === actual.length && timingSafeEqual(expected, actual);
    if (!key || !equal || key.revokedAt !== null) return undefined;
    return { kind: "api-key", id: key.id, name: key.name, role: key.role, dealerIds: key.dealerIds };
  }
}
