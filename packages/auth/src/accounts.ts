import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { DEMO_FILES, type Dealer } from "@dai/demo-data";
import type { Principal, Role } from "./model.js";
import { hashPassword, verifyPassword } from "./passwords.js";

/** A demo account: only enabled in demo mode, listed on the sign-in page and by `npm start`. */
export interface DemoAccount {
  email: string;
  password: string;
  name: string;
  role: Role;
  /** "first dealer" or "a dealer group" scope, resolved against the seeded dealers. */
  scope: "all" | "one-dealer" | "dealer-group";
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  {
    email: "admin@demo.dealershipai.dev",
    password: "demo-admin-pass",
    name: "Avery Admin",
    role: "admin",
    scope: "all",
  },
  {
    email: "analyst@demo.dealershipai.dev",
    password: "demo-analyst-pass",
    name: "Ana Lyst",
    role: "analyst",
    scope: "all",
  },
  {
    email: "dealer@demo.dealershipai.dev",
    password: "demo-dealer-pass",
    name: "Dana Dealer",
    role: "dealer",
    scope: "one-dealer",
  },
  {
    email: "group@demo.dealershipai.dev",
    password: "demo-group-pass",
    name: "Grace Group",
    role: "dealer",
    scope: "dealer-group",
  },
];

interface StoredAccount {
  principal: Principal;
  passwordHash: string;
}

/**
 * The people who can sign in with a password. In demo mode these are the demo accounts, their
 * scopes resolved against the seeded dealers; real deployments sign people in through OpenID Connect.
 */
export class AccountDirectory {
  private constructor(
    private readonly accounts: Map<string, StoredAccount>,
    private readonly dummyHash: string,
  ) {}

  static async load(options: { dataDir: string; demo: boolean }): Promise<AccountDirectory> {
    const accounts = new Map<string, StoredAccount>();
    if (options.demo) {
      const dealers = await readDealers(options.dataDir);
      for (const account of DEMO_ACCOUNTS) {
        const principal = resolveDemoPrincipal(account, dealers);
        accounts.set(account.email, { principal, passwordHash: await hashPassword(account.password) });
      }
    }
    return new AccountDirectory(accounts, await hashPassword("not-a-real-password"));
  }

  /** The principal for a correct e-mail and password; `undefined` otherwise, in about the same time. */
  async authenticate(email: string, password: string): Promise<Principal | undefined> {
    const account = this.accounts.get(email.trim().toLowerCase());
    const ok = await verifyPassword(password, account?.passwordHash ?? this.dummyHash);
    return ok && account ? account.principal : undefined;
  }

  /** The current principal of an account (role and scope may have changed since sign-in). */
  find(email: string): Principal | undefined {
    return this.accounts.get(email)?.principal;
  }
}

async function readDealers(dataDir: string): Promise<Dealer[]> {
  const path = join(dataDir, DEMO_FILES.dealers);
  return existsSync(path) ? (JSON.parse(await readFile(path, "utf8")) as Dealer[]) : [];
}

/** Demo scopes: the first dealer, and the dealer group with the most rooftops. */
export function resolveDemoPrincipal(account: DemoAccount, dealers: readonly Dealer[]): Principal {
  const base = { kind: "user" as const, id: account.email, name: account.name, role: account.role };
  if (account.scope === "all") return { ...base, dealerIds: null };
  if (account.scope === "one-dealer") return { ...base, dealerIds: dealers.slice(0, 1).map((d) => d.id) };
  const sizes = new Map<string, number>();
  for (const dealer of dealers)
    if (!dealer.groupId.startsWith("grp-independent"))
      sizes.set(dealer.groupId, (sizes.get(dealer.groupId) ?? 0) + 1);
  const groupId = [...sizes.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
  return { ...base, groupId, dealerIds: dealers.filter((d) => d.groupId === groupId).map((d) => d.id) };
}
