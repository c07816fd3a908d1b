import { type AccessRule, ADMIN_ONLY, PUBLIC, SIGNED_IN } from "./model.js";

/**
 * What each dashboard page needs, by route pattern. The web app's guard refuses any page missing here,
 * and a test fails when a page exists without a rule.
 */
export const PAGE_RULES: Readonly<Record<string, AccessRule>> = {
  "/sign-in": PUBLIC,
  "/": SIGNED_IN,
  "/dealers": SIGNED_IN,
  "/dealers/[dealerId]": { roles: ["admin", "analyst", "dealer"], dealerParam: "dealerId" },
  "/dealer-twin": SIGNED_IN,
  "/copilot": SIGNED_IN,
  "/pulse/meta": { roles: ["admin", "analyst"] },
  "/pulse/meta/health": { roles: ["admin", "analyst"] },
  "/pulse/meta/telemetry": { roles: ["admin", "analyst"] },
  "/pulse/meta/jobs": { roles: ["admin", "analyst"] },
  "/pulse/meta/twin": { roles: ["admin", "analyst"] },
  "/pulse/meta/tone": { roles: ["admin", "analyst"] },
  "/pulse/meta/mood": { roles: ["admin", "analyst"] },
  "/pulse/meta/cache": { roles: ["admin", "analyst"] },
  "/pulse/meta/bundles": { roles: ["admin", "analyst"] },
  "/pulse/meta/vectors": { roles: ["admin", "analyst"] },
  "/pulse/meta/experience": { roles: ["admin", "analyst"] },
  "/admin/audit": ADMIN_ONLY,
};

/** The rule of a concrete path (`/dealers/dlr-001` → the `/dealers/[dealerId]` rule and its params). */
export function pageRuleFor(path: string): { rule: AccessRule; params: Record<string, string> } | undefined {
  const parts = path.split("/").filter(Boolean);
  for (const [pattern, rule] of Object.entries(PAGE_RULES)) {
    const expected = pattern.split("/").filter(Boolean);
    if (expected.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const matches = expected.every((segment, index) => {
      const actual = parts[index] as string;
      if (segment.startsWith("[") && segment.endsWith("]")) {
        params[segment.slice(1, -1)] = decodeURIComponent(actual);
        return true;
      }
      return segment === actual;
    });
    if (matches) return { rule, params };
  }
  return undefined;
}
