import { existsSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";

/** Where the manifest sits inside a project; the project root is the folder holding `manifest/`. */
export const MANIFEST_RELATIVE_PATH = join("manifest", "dealershipai-hyper-optimization-manifest.json");

/**
 * The nearest ancestor of `from` that holds the manifest, or `undefined`. Commands run by pnpm inside a
 * package folder still find the project's `data/` and manifest this way.
 */
export function findProjectRoot(from: string = process.cwd()): string | undefined {
  let current = resolve(from);
  for (;;) {
    if (existsSync(join(current, MANIFEST_RELATIVE_PATH))) return current;
    const parent = dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

/**
 * The data directory: `DAI_DATA_DIR` (relative to the working directory) or `<project root>/data`,
 * falling back to `./data` outside a project.
 *
 * @example resolveDataDir({ DAI_DATA_DIR: "/var/lib/dai" }) // "/var/lib/dai"
 */
export function resolveDataDir(
  env: Record<string, string | undefined> = process.env,
  cwd = process.cwd(),
): string {
  const configured = env.DAI_DATA_DIR?.trim();
  if (configured) return isAbsolute(configured) ? configured : resolve(cwd, configured);
  return join(findProjectRoot(cwd) ?? resolve(cwd), "data");
}

/**
 * The manifest file: `MANIFEST_PATH` (the seed's CI variable, relative to the working directory)
 * or the project's own manifest.
 */
export function resolveManifestPath(
  env: Record<string, string | undefined> = process.env,
  cwd = process.cwd(),
): string | undefined {
  const configured = env.MANIFEST_PATH?.trim();
  if (configured) {
    if (isAbsolute(configured)) return configured;
    const fromCwd = resolve(cwd, configured);
    if (existsSync(fromCwd)) return fromCwd;
    const root = findProjectRoot(cwd);
    if (root) {
      // The seed sets MANIFEST_PATH to the bare file name; it lives in manifest/ here.
      for (const candidate of [join(root, configured), join(root, "manifest", configured)]) {
        if (existsSync(candidate)) return candidate;
      }
    }
    return fromCwd;
  }
  const root = findProjectRoot(cwd);
  return root ? join(root, MANIFEST_RELATIVE_PATH) : undefined;
}
