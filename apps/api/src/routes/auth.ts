import { DEMO_ACCOUNTS, PUBLIC, RateLimiter, SIGNED_IN } from "@dai/auth";
import { DaiError } from "@dai/core";
import { setCookie } from "hono/cookie";
import { CSRF_COOKIE, clientIp, type GuardedRoutes } from "../access.js";
import type { AppDeps } from "../app.js";
import { handleAuthRequest } from "../auth/session.js";

/**
 * Sign-in and session routes: Auth.js under `/api/auth/*` (with password attempts rate-limited per IP
 * and per account), the caller's identity at `/api/me`, CSRF tokens, and the demo accounts in demo mode.
 */
export function authRoutes(routes: GuardedRoutes, deps: AppDeps) {
  const { auth } = deps;
  const perIp = new RateLimiter(auth.signInLimit.perIp, auth.signInLimit.windowMs);
  const perAccount = new RateLimiter(auth.signInLimit.perAccount, auth.signInLimit.windowMs);

  routes.all("/api/auth/*", PUBLIC, async (c) => {
    if (c.req.method === "POST" && c.req.path.endsWith("/callback/credentials")) {
      const form = await c.req.raw
        .clone()
        .formData()
        .catch(() => undefined);
      const email = String(form?.get("email") ?? "")
        .trim()
        .toLowerCase();
      const ip = clientIp(c) ?? "local";
      const byIp = perIp.hit(`ip:${ip}`);
      const byAccount = perAccount.hit(`account:${email}`);
      if (!byIp.allowed || !byAccount.allowed) {
        const retryAfter = Math.ceil(
          Math.max(byIp.allowed ? 0 : byIp.resetMs, byAccount.allowed ? 0 : byAccount.resetMs) / 1000,
        );
        await auth.audit.record({
          actor: email || "(blank)",
          action: "sign-in",
          ip,
          outcome: "failure",
          detail: "rate-limited",
        });
        c.header("retry-after", String(retryAfter));
        // A browser's form post gets the sign-in page with a message, not a JSON document.
        if (c.req.header("accept")?.includes("text/html")) {
          return c.redirect(`${new URL(auth.url).origin}/sign-in?error=RateLimited`, 303);
        }
        throw new DaiError("too_many_attempts", `too many sign-in attempts; try again in ${retryAfter} s`, {
          status: 429,
        });
      }
    }
    return handleAuthRequest(auth.config, auth.url, c.req.raw);
  });

  routes.get("/api/csrf", PUBLIC, (c) => {
    const { token, cookie } = auth.csrf.issue();
    setCookie(c, CSRF_COOKIE, cookie, {
      httpOnly: true,
      sameSite: "Strict",
      path: "/",
      secure: auth.url.startsWith("https://"),
    });
    c.header("cache-control", "no-store");
    return c.json({ token, header: "x-csrf-token" });
  });

  routes.get("/api/demo-accounts", PUBLIC, (c) => {
    if (!auth.demo) throw new DaiError("not_found", "demo accounts exist only in demo mode", { status: 404 });
    c.header("cache-control", "no-store");
    return c.json({
      accounts: DEMO_ACCOUNTS.map(({ email, password, name, role, scope }) => ({
        email,
        password,
        name,
        role,
        scope,
      })),
    });
  });

  routes.get("/api/me", SIGNED_IN, (c) => c.json({ principal: c.get("principal") }));
}
