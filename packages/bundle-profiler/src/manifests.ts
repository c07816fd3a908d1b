import { readFile } from "node:fs/promises";
import { DaiError, parseJson } from "@dai/core";

/** A JSON file, with a located error when it is not valid JSON. */
export async function readJsonFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new DaiError(
      "missing_file",
      `${path}: cannot read (${(error as NodeJS.ErrnoException).code ?? "error"})`,
      {
        status: 404,
        cause: error,
      },
    );
  }
  return parseJson(text, path);
}

/** The parts of an App Router client reference manifest the profiler reads. */
export interface RscManifest {
  clientModules?: Record<string, { chunks?: string[] }>;
  entryCSSFiles?: Record<string, (string | { path: string })[]>;
  entryJSFiles?: Record<string, string[]>;
}

/**
 * `server/app/<entry>_client-reference-manifest.js` assigns one JSON object to
 * `globalThis.__RSC_MANIFEST[entry]`; it is parsed as JSON rather than executed.
 */
export async function readRscManifest(path: string, entry: string): Promise<RscManifest> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    // A page without client references may have no manifest: it loads only the shared chunks.
    return {};
  }
  const marker = `__RSC_MANIFEST[${JSON.stringify(entry)}]`;
  const at = text.indexOf(marker);
  if (at < 0) {
    throw new DaiError("invalid_manifest", `${path}: no assignment to ${marker}`, { status: 422 });
  }
  const start = text.indexOf("{", at + marker.length);
  const end = text.lastIndexOf("}");
  if (start < 0 || end < start) {
    throw new DaiError("invalid_manifest", `${path}: the manifest object is missing`, { status: 422 });
  }
  return parseJson(text.slice(start, end + 1), path) as RscManifest;
}
