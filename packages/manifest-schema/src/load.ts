import { readFile } from "node:fs/promises";
import { DaiError, type ProblemDetail, parseJson, resolveManifestPath } from "@dai/core";
import { describeIssues, manifestErrorMap } from "./issues.js";
import { compareVersions, detectVersion } from "./migrations.js";
import { CURRENT_MANIFEST_VERSION, type Manifest, manifestSchema } from "./schema.js";

export type ValidationResult = { ok: true; manifest: Manifest } | { ok: false; problems: ProblemDetail[] };

/** Validates a parsed manifest document, collecting every problem with its JSON path. */
export function validateManifest(document: unknown): ValidationResult {
  const version = detectVersion(document);
  if (version !== undefined && compareVersions(version, CURRENT_MANIFEST_VERSION) < 0) {
    return {
      ok: false,
      problems: [
        {
          path: "version",
          message: `manifest version ${version} is older than ${CURRENT_MANIFEST_VERSION}; run \`dai upgrade\` to migrate it`,
        },
      ],
    };
  }
  const result = manifestSchema.safeParse(document, { error: manifestErrorMap });
  if (result.success) return { ok: true, manifest: result.data };
  return { ok: false, problems: describeIssues(result.error.issues, document) };
}

/**
 * Parses and validates, throwing one `DaiError` that lists every problem.
 *
 * @example parseManifest(JSON.parse(text), "manifest.json").systems.autoProfiling.threshold // 5
 */
export function parseManifest(document: unknown, source = "manifest"): Manifest {
  const result = validateManifest(document);
  if (result.ok) return result.manifest;
  throw invalidManifest(result.problems, source);
}

export function invalidManifest(problems: readonly ProblemDetail[], source: string): DaiError {
  const lines = problems.map((p) => `${p.path}: ${p.message}`);
  return new DaiError("invalid_manifest", `${source} is invalid:\n  ${lines.join("\n  ")}`, {
    status: 422,
    details: problems,
  });
}

/** Reads a manifest file's JSON (with line/column on syntax errors) without validating it. */
export async function readManifestDocument(
  path?: string,
): Promise<{ path: string; document: unknown; text: string }> {
  const resolved = path ?? resolveManifestPath();
  if (resolved === undefined) {
    throw new DaiError(
      "manifest_not_found",
      "no manifest found: set MANIFEST_PATH or run inside a project with manifest/dealershipai-hyper-optimization-manifest.json",
      { status: 404 },
    );
  }
  let text: string;
  try {
    text = await readFile(resolved, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new DaiError("manifest_not_found", `cannot read manifest ${resolved}: ${code ?? String(error)}`, {
      status: 404,
      cause: error,
    });
  }
  return { path: resolved, document: parseJson(text, resolved), text };
}

/**
 * Loads and validates the manifest at `path` (default: `MANIFEST_PATH` or the project's manifest).
 *
 * @example const manifest = await loadManifest(); manifest.systems.dealerTwin.schedule.cron // "0 1 * * *"
 */
export async function loadManifest(path?: string): Promise<Manifest> {
  const { path: resolved, document } = await readManifestDocument(path);
  return parseManifest(document, resolved);
}
