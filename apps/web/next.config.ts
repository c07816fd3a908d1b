import type { NextConfig } from "next";

const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Lint and typecheck run as their own turbo tasks.
  typescript: { ignoreBuildErrors: true },
};

export default config;
