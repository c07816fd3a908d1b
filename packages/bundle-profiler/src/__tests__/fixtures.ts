import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
export const PACKAGE_DIR = join(here, "..", "..");
export const FIXTURES_DIR = join(PACKAGE_DIR, "fixtures");
export const WEB_APP_DIR = join(PACKAGE_DIR, "..", "..", "apps", "web");

/** The build dir of a fixture app for one builder (see fixtures/build.mjs). */
export function fixtureBuild(
  fixture: "app-router" | "pages-router",
  builder: "turbopack" | "webpack",
): string {
  return join(FIXTURES_DIR, fixture, ".next", builder);
}

export const ALL_BUILDS = [
  ["app-router", "turbopack"],
  ["app-router", "webpack"],
  ["pages-router", "turbopack"],
  ["pages-router", "webpack"],
] as const;

/**
 * A compression cache shared by test runs: content-addressed, so it never changes a figure, and it
 * keeps brotli 11 over the fixture builds from dominating every run. Tests of the cache itself use
 * their own temp file.
 */
export const SHARED_CACHE_FILE = join(
  PACKAGE_DIR,
  "node_modules",
  ".cache",
  "bundle-profiler-tests",
  "sizes.json",
);
