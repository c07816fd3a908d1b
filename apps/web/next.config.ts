import type { NextConfig } from "next";

const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Lint and typecheck run as their own turbo tasks.
  typescript: { ignoreBuildErrors: true },
  // Parallel builds of one checkout (e.g. several developers' browser tests) each get their own output.
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
};

export default config;
