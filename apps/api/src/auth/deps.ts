import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, readFile } from "node:fs/promises";
import { join } from "node:path";
import { AccountDirectory, ApiKeyStore, AuditLog, SessionRevocations } from "@dai/auth";
import { writeFileAtomic } from "@dai/core";
import { CsrfTokens } from "../access.js";
import type { AuthDeps } from "../app.js";
import type { ApiEnv } from "../env.js";
import { buildAuthConfig } from "./config.js";

/**
 * The demo's session secret: generated once per data dir (mode 0600), so `npm start` needs no setup and
 * no secret ever sits in the repo. Outside demo mode AUTH_SECRET is required.
 */
export async function demoSecret(dataDir: string, name = ".auth-secret"): Promise<string> {
  const path = join(dataDir, name);
  if (existsSync(path)) return (await readFile(path, "utf8")).trim();
  const secret = randomBytes(32).toString("base64url");
  await writeFileAtomic(path, secret);
  await chmod(path, 0o600);
  return secret;
}

export async function createAuthDeps(env: ApiEnv, dataDir: string): Promise<AuthDeps> {
  const secret = env.AUTH_SECRET ?? (await demoSecret(dataDir));
  const audit = new AuditLog(dataDir);
  const accounts = await AccountDirectory.load({ dataDir, demo: env.DAI_DEMO_MODE });
  const oidc =
    env.AUTH_OIDC_ISSUER && env.AUTH_OIDC_CLIENT_ID && env.AUTH_OIDC_CLIENT_SECRET
      ? {
          issuer: env.AUTH_OIDC_ISSUER,
          clientId: env.AUTH_OIDC_CLIENT_ID,
          clientSecret: env.AUTH_OIDC_CLIENT_SECRET,
          name: env.AUTH_OIDC_NAME,
        }
      : undefined;
  const url = env.AUTH_URL.replace(/\/$/, "");
  const revocations = await SessionRevocations.open(dataDir);
  return {
    config: buildAuthConfig(
      {
        secret,
        url,
        sessionMaxAgeSeconds: env.SESSION_MAX_AGE_SECONDS,
        sessionUpdateAgeSeconds: env.SESSION_UPDATE_AGE_SECONDS,
        oidc,
      },
      accounts,
      audit,
      revocations,
    ),
    url,
    demo: env.DAI_DEMO_MODE,
    accounts,
    apiKeys: await ApiKeyStore.open(dataDir),
    audit,
    csrf: new CsrfTokens(secret),
    revocations,
    signInLimit: {
      perIp: env.SIGN_IN_MAX_ATTEMPTS_PER_IP,
      perAccount: env.SIGN_IN_MAX_ATTEMPTS_PER_ACCOUNT,
      windowMs: env.SIGN_IN_WINDOW_SECONDS * 1000,
    },
  };
}
