import { Auth, type AuthConfig } from "@auth/core";
import type { Principal } from "@dai/auth";

/**
 * Resolves the principal of a browser session by asking Auth.js for the session, which also re-issues
 * the cookie once it is older than `updateAge` (rotation). The re-issued cookies are returned so the
 * API's response can pass them on.
 */
export async function sessionPrincipal(
  config: AuthConfig,
  authUrl: string,
  cookie: string,
  revoked: (sessionId: string | undefined) => boolean,
): Promise<{ principal: Principal | undefined; setCookies: string[] }> {
  if (!cookie.includes("authjs.session-token")) return { principal: undefined, setCookies: [] };
  const response = await Auth(new Request(`${authUrl}/session`, { headers: { cookie } }), config);
  const body = (await response.json().catch(() => null)) as {
    principal?: Principal;
    sessionId?: string;
  } | null;
  if (!body?.principal || revoked(body.sessionId)) return { principal: undefined, setCookies: [] };
  return { principal: body.principal, setCookies: response.headers.getSetCookie() };
}

/** Runs an Auth.js route (`/api/auth/*`) as if the browser had called it at the public auth URL. */
export async function handleAuthRequest(
  config: AuthConfig,
  authUrl: string,
  request: Request,
): Promise<Response> {
  const incoming = new URL(request.url);
  const publicUrl = new URL(authUrl);
  incoming.protocol = publicUrl.protocol;
  incoming.host = publicUrl.host;
  const body =
    request.method === "GET" || request.method === "HEAD" ? undefined : await request.arrayBuffer();
  return Auth(new Request(incoming, { method: request.method, headers: request.headers, body }), config);
}
