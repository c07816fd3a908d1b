import { type AccessRule, authorize, type Principal, pageRuleFor } from "@dai/auth/rules";
import { cookies } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { apiUrl } from "./api";

const UNREACHABLE = Symbol("api unreachable");

async function lookUpPrincipal(): Promise<Principal | undefined | typeof UNREACHABLE> {
  const cookie = (await cookies()).toString();
  if (!cookie.includes("authjs.session-token")) return undefined;
  const response = await fetch(new URL("/api/me", apiUrl()), {
    headers: { cookie },
    cache: "no-store",
    signal: AbortSignal.timeout(5000),
  }).catch(() => undefined);
  if (!response || response.status >= 500) return UNREACHABLE;
  if (!response.ok) return undefined;
  return ((await response.json()) as { principal: Principal }).principal;
}

/** The signed-in principal of this request, asked of the API with the browser's cookies. */
export async function currentPrincipal(): Promise<Principal | undefined> {
  const found = await lookUpPrincipal();
  return found === UNREACHABLE ? undefined : found;
}

export type PageAccess =
  | { allowed: true; principal: Principal | undefined }
  | { allowed: false; kind: "forbidden" | "unavailable"; reason: string };

/**
 * The one guard of the dashboard: every page calls it with its route pattern. A page without a rule
 * is refused; nobody signed in goes to the sign-in page; a role without access sees "not allowed";
 * a dealer outside the caller's scope does not exist for them.
 *
 * @example const access = await guardPage("/dealers/[dealerId]", { dealerId }); if (!access.allowed) return <Refused access={access} />;
 */
export async function guardPage(pattern: string, params: Record<string, string> = {}): Promise<PageAccess> {
  const concrete = pattern.replace(/\[(\w+)\]/g, (_, name: string) => encodeURIComponent(params[name] ?? ""));
  const match = pageRuleFor(concrete);
  const rule: AccessRule | undefined = match?.rule;
  if (!rule)
    return { allowed: false, kind: "forbidden", reason: `no access rule is declared for ${pattern}` };
  const found = "public" in rule ? undefined : await lookUpPrincipal();
  if (found === UNREACHABLE) {
    return {
      allowed: false,
      kind: "unavailable",
      reason: `The API at ${new URL(apiUrl()).origin} could not be reached, so your access cannot be checked.`,
    };
  }
  const principal = found;
  try {
    authorize(rule, principal, match?.params ?? params);
  } catch (error) {
    const status = (error as { status?: number }).status;
    if (status === 401) redirect(`/sign-in?callbackUrl=${encodeURIComponent(concrete)}`);
    if (status === 404) notFound();
    return { allowed: false, kind: "forbidden", reason: (error as Error).message };
  }
  return { allowed: true, principal };
}

/** Forwards the browser's cookies on a server-side API call, so the API applies the caller's scope. */
export async function apiHeaders(): Promise<Record<string, string>> {
  return { cookie: (await cookies()).toString() };
}
