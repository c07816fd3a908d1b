import type { NextConfig } from "next";

/**
 * The dashboard's pages may not be framed, sniffed or leak full URLs as referrers, and get a browsing
 * context of their own. No script-src here: Next's streamed pages run inline scripts, and a nonce-based
 * policy needs per-request rendering of every page.
 */
const PAGE_SECURITY_HEADERS = [
  { key: "Content-Security-Policy", value: "frame-ancestors 'none'; base-uri 'self'; object-src 'none'" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
];

const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Lint and typecheck run as their own turbo tasks.
  typescript: { ignoreBuildErrors: true },
  // Parallel builds of one checkout (e.g. several developers' browser tests) each get their own output.
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  // Pages only: /api/* is the API's own answer (proxied), with the API's headers.
  async headers() {
    return [{ source: "/((?!api/).*)", headers: PAGE_SECURITY_HEADERS }];
  },
};

export default config;
