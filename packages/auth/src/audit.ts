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

  constructor(dataDir: string) {
    this.path = join(dataDir, AUDIT_FILE);
  }

  record(entry: Omit<AuditEntry, "time">): Promise<void> {
    const line = `${JSON.stringify({ time: new Date().toISOString(), ...entry })}\n`;
    return appendDurably(this.path, line);
  }

  /** The most recent entries, newest first. */
  async recent(limit = 200): Promise<AuditEntry[]> {
    return (await readDurableLog<AuditEntry>(this.path)).slice(-limit).reverse();
  }
}
