import { join } from "node:path";
import { appendDurably, readDurableLog } from "@dai/core";

/** One audited action: who did what, when, from where, and how it ended. */
export interface AuditEntry {
  time: string;
  actor: string;
  action: string;
  target?: string;
  ip?: string;
  outcome: "success" | "failure";
  detail?: string;
}

export const AUDIT_FILE = "audit-log.ndjson";

/**
 * The audit trail: sign-ins, failed sign-ins, API key use and every administrative action, appended
 * as NDJSON and fsynced before the action is answered, so nothing audited is lost in a crash.
 */
export class AuditLog {
  private readonly path: string;
  private chain: Promise<void> = Promise.resolve();

  constructor(dataDir: string) {
    this.path = join(dataDir, AUDIT_FILE);
  }

  record(entry: Omit<AuditEntry, "time">): Promise<void> {
    const line = `${JSON.stringify({ time: new Date().toISOString(), ...entry })}\n`;
    // Appends are serialised so lines never interleave.
    const appended = this.chain.then(() => appendDurably(this.path, line));
    // A failed append fails its caller only; the next ones still run.
    this.chain = appended.catch(() => {});
    return appended;
  }

  /** The most recent entries, newest first. */
  async recent(limit = 200): Promise<AuditEntry[]> {
    await this.chain;
    return (await readDurableLog<AuditEntry>(this.path)).slice(-limit).reverse();
  }
}
