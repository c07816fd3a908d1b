import type { AuthConfig } from "@auth/core";
import Credentials from "@auth/core/providers/credentials";
import type { AccountDirectory, AuditLog, Principal, Role, SessionRevocations } from "@dai/auth";
import { ROLES } from "@dai/auth";

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  name: string;
}

export interface AuthSettings {
  secret: string;
  /** The public URL of the auth routes as the browser sees them, e.g. http://127.0.0.1:3000/api/auth. */
  url: string;
  sessionMaxAgeSeconds: number;
  sessionUpdateAgeSeconds: number;
  oidc?: OidcSettings;
}

/** Claims an OpenID Connect provider sends to grant a role and a dealer scope. */
interface DaiClaims {
  dai_role?: string;
  dai_dealer_ids?: string[] | string;
  dai_group_id?: string;
}

function principalFromClaims(id: string, name: string, claims: DaiClaims): Principal | undefined {
  const role = claims.dai_role as Role | undefined;
  if (!role || !ROLES.includes(role)) return undefined;
  const ids =
    typeof claims.dai_dealer_ids === "string"
      ? claims.dai_dealer_ids.split(",")
      : (claims.dai_dealer_ids ?? []);
  if (role === "dealer" && ids.length === 0) return undefined;
  return {
    kind: "user",
    id,
    name,
    role,
    dealerIds: role === "dealer" ? ids : null,
    groupId: claims.dai_group_id,
  };
}

/**
 * Auth.js configuration: demo accounts by password (demo mode), an OpenID Connect provider when
 * configured, JWT sessions (encrypted cookie, HttpOnly, SameSite=Lax, Secure on https) that expire
 * and are re-issued on activity. The principal (role and dealer scope) travels in the token.
 */
export function buildAuthConfig(
  settings: AuthSettings,
  accounts: AccountDirectory,
  audit: AuditLog,
  revocations: SessionRevocations,
): AuthConfig {
  const providers: AuthConfig["providers"] = [
    Credentials({
      id: "credentials",
      name: "Demo account",
      credentials: {
        email: { label: "E-mail", type: "email" },
        password: { label: "Password", type: "password" },
      },
      async authorize(credentials, request) {
        const email = typeof credentials.email === "string" ? credentials.email.trim().toLowerCase() : "";
        const password = typeof credentials.password === "string" ? credentials.password : "";
        const principal = email && password ? await accounts.authenticate(email, password) : undefined;
        const ip =
          request.headers.get("x-forwarded-for")?.split(",")[0]?.trim() ??
          request.headers.get("x-real-ip") ??
          undefined;
        await audit.record({
          actor: email || "(blank)",
          action: "sign-in",
          ip,
          outcome: principal ? "success" : "failure",
          detail: "password",
        });
        if (!principal) return null;
        return { id: principal.id, email: principal.id, name: principal.name, dai: principal } as never;
      },
    }),
  ];
  if (settings.oidc) {
    providers.push({
      id: "oidc",
      name: settings.oidc.name,
      type: "oidc",
      issuer: settings.oidc.issuer,
      clientId: settings.oidc.clientId,
      clientSecret: settings.oidc.clientSecret,
      profile(profile) {
        const id = String(profile.email ?? profile.sub);
        const principal = principalFromClaims(id, String(profile.name ?? id), profile as DaiClaims);
        return { id, email: id, name: String(profile.name ?? id), dai: principal } as never;
      },
    });
  }
  return {
    secret: settings.secret,
    basePath: new URL(settings.url).pathname,
    trustHost: true,
    providers,
    session: {
      strategy: "jwt",
      maxAge: settings.sessionMaxAgeSeconds,
      updateAge: settings.sessionUpdateAgeSeconds,
    },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    useSecureCookies: settings.url.startsWith("https://"),
    callbacks: {
      async signIn({ user, account }) {
        const principal = (user as { dai?: Principal }).dai;
        if (!principal) {
          await audit.record({
            actor: user.email ?? "(unknown)",
            action: "sign-in",
            outcome: "failure",
            detail: `${account?.provider}: no dai_role claim`,
          });
          return false;
        }
        if (account?.provider === "oidc")
          await audit.record({ actor: principal.id, action: "sign-in", outcome: "success", detail: "oidc" });
        return true;
      },
      jwt({ token, user }) {
        const principal = (user as { dai?: Principal } | undefined)?.dai;
        if (principal) token.dai = principal;
        return token;
      },
      session({ session, token }) {
        return { ...session, principal: token.dai as Principal, sessionId: token.jti } as never;
      },
    },
    events: {
      async signOut(message) {
        const token = "token" in message ? message.token : null;
        if (token?.jti && typeof token.exp === "number") await revocations.revoke(token.jti, token.exp);
        await audit.record({
          actor: (token?.dai as Principal | undefined)?.id ?? "(session)",
          action: "sign-out",
          outcome: "success",
        });
      },
    },
    logger: { error: () => {}, warn: () => {}, debug: () => {} },
  };
}
