import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Dealer } from "@dai/demo-data";
import { describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS, resolveDemoPrincipal } from "./accounts.js";
import { ApiKeyStore } from "./api-keys.js";
import { AUDIT_FILE, AuditLog } from "./audit.js";
import { authorize, filterByScope, type Principal, scopeKey } from "./model.js";
import { pageRuleFor } from "./pages.js";
import { hashPassword, verifyPassword } from "./passwords.js";
import { RateLimiter } from "./rate-limit.js";

const admin: Principal = { kind: "user", id: "a", name: "A", role: "admin", dealerIds: null };
const analyst: Principal = { kind: "user", id: "b", name: "B", role: "analyst", dealerIds: null };
const dealer: Principal = { kind: "user", id: "c", name: "C", role: "dealer", dealerIds: ["dlr-001"] };
const statusOf = (fn: () => void) => {
  try {
    fn();
    return 200;
  } catch (error) {
    return (error as { status: number }).status;
  }
};

describe("authorize", () => {
  const detail = { roles: ["admin", "analyst", "dealer"] as const, dealerParam: "dealerId" };
  it("lets anyone through a public rule", () => {
    expect(statusOf(() => authorize({ public: true }, undefined))).toBe(200);
  });
  it("answers 401 without a principal, 403 for a role not listed", () => {
    expect(statusOf(() => authorize({ roles: ["admin"] }, undefined))).toBe(401);
    expect(statusOf(() => authorize({ roles: ["admin"] }, analyst))).toBe(403);
    expect(statusOf(() => authorize({ roles: ["admin"] }, admin))).toBe(200);
  });
  it("answers 404, not 403, for a dealer outside the caller's scope", () => {
    expect(statusOf(() => authorize(detail, dealer, { dealerId: "dlr-001" }))).toBe(200);
    expect(statusOf(() => authorize(detail, dealer, { dealerId: "dlr-002" }))).toBe(404);
    expect(statusOf(() => authorize(detail, analyst, { dealerId: "dlr-002" }))).toBe(200);
  });
  it("filters lists by scope and keys caches by scope", () => {
    const items = [{ dealerId: "dlr-001" }, { dealerId: "dlr-002" }];
    expect(filterByScope(dealer, items, (i) => i.dealerId)).toEqual([{ dealerId: "dlr-001" }]);
    expect(filterByScope(admin, items, (i) => i.dealerId)).toHaveLength(2);
    expect(scopeKey(dealer)).not.toBe(scopeKey({ ...dealer, dealerIds: ["dlr-002"] }));
    expect(scopeKey(admin)).not.toBe(scopeKey(analyst));
  });
});

describe("API keys", () => {
  it("verifies a created key and refuses tampered, unknown, malformed and revoked ones", async () => {
    const dir = await mkdtemp(join(tmpdir(), "dai-keys-"));
    const store = await ApiKeyStore.open(dir);
    const { key, id } = await store.create({
      name: "ci",
      role: "dealer",
      dealerIds: ["dlr-001"],
      createdBy: "test",
    });
    expect(store.verify(key)).toMatchObject({ kind: "api-key", id, role: "dealer", dealerIds: ["dlr-001"] });
    const tampered = key.slice(0, -1) + (key.endsWith("A") ? "B" : "A");
    expect(store.verify(tampered)).toBeUndefined();
    expect(store.verify(`dai_zzzzzzzzzzzz_${key.split("_").slice(2).join("_")}`)).toBeUndefined();
    expect(store.verify("Bearer nonsense")).toBeUndefined();
    expect(JSON.stringify(store.list())).not.toContain(key.split("_")[2] as string);
    const reopened = await ApiKeyStore.open(dir);
    expect(reopened.verify(key)?.id).toBe(id);
    await new Promise((resolve) => setTimeout(resolve, 20)); // a later mtime for the revocation
    await reopened.revoke(id);
    expect(reopened.verify(key)).toBeUndefined();
    // The first store verified (and remembered) the key before another store revoked it.
    await store.refresh();
    expect(store.verify(key)).toBeUndefined();
  });

  it("remembers a verified key once, in its canonical form: padded variants verify but are not remembered", async () => {
    const store = await ApiKeyStore.open(await mkdtemp(join(tmpdir(), "dai-keys-")));
    const { key, id } = await store.create({ name: "ci", role: "analyst", dealerIds: null, createdBy: "t" });
    expect(store.verify(key)?.id).toBe(id);
    for (let pad = 1; pad <= 50; pad++) expect(store.verify(`${key}${" ".repeat(pad)}`)?.id).toBe(id);
    expect(store.rememberedKeys).toBe(1);
    expect(store.verify(key.slice(0, -1))).toBeUndefined();
    expect(store.rememberedKeys).toBe(1);
  });

  it("refuses a dealer key without dealers and an unknown role, naming the field", async () => {
    const store = await ApiKeyStore.open(await mkdtemp(join(tmpdir(), "dai-keys-")));
    await expect(
      store.create({ name: "x", role: "dealer", dealerIds: null, createdBy: "t" }),
    ).rejects.toThrow("dealerIds:");
    await expect(
      store.create({ name: "x", role: "root" as never, dealerIds: null, createdBy: "t" }),
    ).rejects.toThrow("role:");
  });
});

describe("passwords", () => {
  it("verifies the right password only", async () => {
    const hash = await hashPassword("correct horse");
    expect(await verifyPassword("correct horse", hash)).toBe(true);
    expect(await verifyPassword("correct horse!", hash)).toBe(false);
    expect(await verifyPassword("x", "garbage")).toBe(false);
  });
});

describe("audit log", () => {
  it("keeps entries in order and returns the newest first", async () => {
    const log = new AuditLog(await mkdtemp(join(tmpdir(), "dai-audit-")));
    await Promise.all(
      [1, 2, 3].map((n) => log.record({ actor: `u${n}`, action: "sign-in", outcome: "success" })),
    );
    const entries = await log.recent();
    expect(entries.map((e) => e.actor)).toEqual(["u3", "u2", "u1"]);
    expect(entries[0]?.time).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it("still reads and appends after a crash tore the last line, and after a failed append", async () => {
    const dir = await mkdtemp(join(tmpdir(), "dai-audit-"));
    await writeFile(
      join(dir, AUDIT_FILE),
      '{"time":"2026-11-26T00:00:00Z","actor":"a","action":"x","outcome":"success"}\n{"time":"2026-11-26T00:00:01Z","act',
    );
    const log = new AuditLog(dir);
    await log.record({ actor: "b", action: "sign-in", outcome: "success" });
    expect((await log.recent()).map((e) => e.actor)).toEqual(["b", "a"]);
    // The log's path turned into a directory: that append fails, the log keeps working once it is back.
    await rm(join(dir, AUDIT_FILE));
    await mkdir(join(dir, AUDIT_FILE));
    await expect(log.record({ actor: "c", action: "sign-in", outcome: "failure" })).rejects.toThrow();
    await rm(join(dir, AUDIT_FILE), { recursive: true });
    await log.record({ actor: "d", action: "sign-in", outcome: "success" });
    expect((await log.recent()).map((e) => e.actor)).toEqual(["d"]);
  });
});

describe("rate limiter", () => {
  it("allows the limit per window, then refuses until the window passes", () => {
    let now = 0;
    const limiter = new RateLimiter(3, 1000, () => now);
    expect([1, 2, 3, 4].map(() => limiter.hit("ip").allowed)).toEqual([true, true, true, false]);
    expect(limiter.blocked("ip").blocked).toBe(true);
    now = 1000;
    expect(limiter.hit("ip").allowed).toBe(true);
  });
});

describe("demo accounts and page rules", () => {
  const dealers = [
    { id: "dlr-001", groupId: "grp-apex" },
    { id: "dlr-002", groupId: "grp-crown" },
    { id: "dlr-003", groupId: "grp-crown" },
    { id: "dlr-004", groupId: "grp-independent-4" },
  ] as Dealer[];
  it("scopes the dealer account to one dealer and the group account to the largest group", () => {
    const [, , one, group] = DEMO_ACCOUNTS.map((a) => resolveDemoPrincipal(a, dealers));
    expect(one?.dealerIds).toEqual(["dlr-001"]);
    expect(group).toMatchObject({ groupId: "grp-crown", dealerIds: ["dlr-002", "dlr-003"] });
  });
  it("matches concrete paths to page rules with their params, and knows no rule for unknown pages", () => {
    expect(pageRuleFor("/dealers/dlr-007")).toMatchObject({ params: { dealerId: "dlr-007" } });
    expect(pageRuleFor("/admin/audit")?.rule).toEqual({ roles: ["admin"] });
    expect(pageRuleFor("/secret")).toBeUndefined();
  });
});
