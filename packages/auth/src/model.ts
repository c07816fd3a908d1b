import { DaiError } from "@dai/core";

/**
 * Who may do what. `admin` sees and changes everything; `analyst` reads every dealer, report and
 * aggregate but changes nothing; `dealer` staff see only their dealership or dealer group.
 */
export const ROLES = ["admin", "analyst", "dealer"] as const;
export type Role = (typeof ROLES)[number];

/** The authenticated caller, whatever the door: a signed-in person or a machine with an API key. */
export interface Principal {
  kind: "user" | "api-key";
  /** User id (e-mail) or API key id. */
  id: string;
  name: string;
  role: Role;
  /** The dealers a `dealer` principal may see; `null` means every dealer (admin, analyst). */
  dealerIds: readonly string[] | null;
  /** The dealer group a dealer principal belongs to, if any. */
  groupId?: string;
}

/**
 * What a route or page needs. Every route declares one; anything undeclared is refused.
 * - `public`: anyone, signed in or not (health checks, the manifest's public thresholds);
 * - `roles`: signed-in principals with one of these roles;
 * - `dealerParam`: the route parameter naming a dealer, which must be in the caller's scope
 *   (outside it the answer is 404, so existence does not leak);
 * - `write`: the request changes state (CSRF-checked for browser sessions, refused to analysts).
 */
export type AccessRule =
  | { readonly public: true }
  | { readonly roles: readonly Role[]; readonly dealerParam?: string; readonly write?: boolean };

export const PUBLIC: AccessRule = { public: true };
export const SIGNED_IN: AccessRule = { roles: ROLES };
export const ADMIN_ONLY: AccessRule = { roles: ["admin"] };

/** Whether the principal may see this dealer's data. */
export function inScope(principal: Principal, dealerId: string): boolean {
  return principal.dealerIds === null || principal.dealerIds.includes(dealerId);
}

/** Keeps the items of dealers in the principal's scope. */
export function filterByScope<T>(
  principal: Principal,
  items: readonly T[],
  dealerIdOf: (item: T) => string,
): T[] {
  if (principal.dealerIds === null) return [...items];
  const allowed = new Set(principal.dealerIds);
  return items.filter((item) => allowed.has(dealerIdOf(item)));
}

/** A stable key for the caller's scope: cached responses are keyed by it, so no entry serves two scopes. */
export function scopeKey(principal: Principal | undefined): string {
  if (!principal) return "public";
  if (principal.dealerIds === null) return `all:${principal.role}`;
  return `dealers:${[...principal.dealerIds].sort().join(",")}`;
}

/**
 * Decides a request. Throws the refusal a client should see: 401 when nobody is signed in, 403 for a
 * role that may not use the route, 404 for a dealer outside the caller's scope.
 */
export function authorize(
  rule: AccessRule,
  principal: Principal | undefined,
  params: Record<string, string> = {},
): void {
  if ("public" in rule) return;
  if (!principal)
    throw new DaiError("unauthenticated", "sign in or send an API key to use this route", { status: 401 });
  if (!rule.roles.includes(principal.role)) {
    throw new DaiError("forbidden", `the ${principal.role} role may not use this route`, { status: 403 });
  }
  if (rule.dealerParam !== undefined) {
    const dealerId = params[rule.dealerParam];
    if (dealerId === undefined || !inScope(principal, dealerId)) {
      throw new DaiError("not_found", `no dealer "${dealerId ?? ""}"`, { status: 404 });
    }
  }
}
