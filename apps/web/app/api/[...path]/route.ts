import { apiUrl } from "@/lib/api";

// The browser reaches the API through the dashboard's own origin, so session cookies are first-party
// and Auth.js redirects land on dashboard pages. Resolved per request: API_URL is runtime config.
export const dynamic = "force-dynamic";

const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "transfer-encoding",
  "upgrade",
  "host",
  "content-length",
]);

async function forward(request: Request): Promise<Response> {
  const incoming = new URL(request.url);
  const target = new URL(incoming.pathname + incoming.search, apiUrl());
  const headers = new Headers();
  for (const [name, value] of request.headers) if (!HOP_BY_HOP.has(name)) headers.set(name, value);
  headers.set("x-forwarded-host", incoming.host);
  headers.set("x-forwarded-proto", incoming.protocol.replace(":", ""));
  const hasBody = request.method !== "GET" && request.method !== "HEAD";
  const upstream = await fetch(target, {
    method: request.method,
    headers,
    body: hasBody ? await request.arrayBuffer() : undefined,
    redirect: "manual",
    cache: "no-store",
  }).catch(() => undefined);
  if (!upstream) {
    return Response.json(
      {
        type: "https://dealershipai.dev/problems/api_unreachable",
        title: "Bad Gateway",
        status: 502,
        detail: "the API could not be reached",
        code: "api_unreachable",
      },
      { status: 502, headers: { "content-type": "application/problem+json" } },
    );
  }
  const responseHeaders = new Headers();
  for (const [name, value] of upstream.headers)
    if (!HOP_BY_HOP.has(name) && name !== "set-cookie" && name !== "content-encoding")
      responseHeaders.set(name, value);
  for (const cookie of upstream.headers.getSetCookie()) responseHeaders.append("set-cookie", cookie);
  return new Response(upstream.body, { status: upstream.status, headers: responseHeaders });
}

export {
  forward as DELETE,
  forward as GET,
  forward as HEAD,
  forward as PATCH,
  forward as POST,
  forward as PUT,
};
