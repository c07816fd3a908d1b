import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { build } from "esbuild";

// From src (tests) the TypeScript source; from dist the compiled module.
const WORKER_ENTRY = join(
  import.meta.dirname,
  existsSync(join(import.meta.dirname, "worker.ts")) ? "worker.ts" : "worker.js",
);

/**
 * Bundles the edge entry into one ES module for workerd / Cloudflare Workers. `platform: "neutral"`
 * with no Node built-ins available: a Node import anywhere in the graph fails the build.
 *
 * @example await bundleEdgeWorker("dist/edge/worker.js")
 */
export async function bundleEdgeWorker(outfile: string, entry = WORKER_ENTRY): Promise<void> {
  await mkdir(dirname(outfile), { recursive: true });
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    mainFields: ["module", "main"],
    conditions: ["worker", "browser", "import"],
    minify: false,
    logLevel: "silent",
  });
}

export interface WorkerdConfigOptions {
  /** Directory holding `worker.js` (and `snapshot.json` for an embedded snapshot). */
  dir: string;
  port: number;
  /** Embed `snapshot.json` from `dir` as the SNAPSHOT text binding (default true). */
  embedSnapshot?: boolean;
  snapshotUrl?: string;
  /** How long a fetched snapshot is used before it is revalidated (SNAPSHOT_TTL_SECONDS). */
  snapshotTtlSeconds?: number;
  edgeApiKey?: string;
  /** File name of the config in `dir` (default config.capnp). */
  configName?: string;
}

/** Writes `config.capnp` for `workerd serve`: one module worker on 127.0.0.1:<port>. */
export async function writeWorkerdConfig(options: WorkerdConfigOptions): Promise<string> {
  const bindings: string[] = [];
  if (options.embedSnapshot ?? true) bindings.push('(name = "SNAPSHOT", text = embed "snapshot.json")');
  if (options.snapshotUrl)
    bindings.push(`(name = "SNAPSHOT_URL", text = ${JSON.stringify(options.snapshotUrl)})`);
  if (options.snapshotTtlSeconds !== undefined)
    bindings.push(`(name = "SNAPSHOT_TTL_SECONDS", text = "${options.snapshotTtlSeconds}")`);
  if (options.edgeApiKey)
    bindings.push(`(name = "EDGE_API_KEY", text = ${JSON.stringify(options.edgeApiKey)})`);
  const config = `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "scores", worker = .scoresWorker),
    (name = "internet", network = (allow = ["public", "private", "local"])),
  ],
  sockets = [ (name = "http", address = "127.0.0.1:${options.port}", http = (), service = "scores") ],
);

const scoresWorker :Workerd.Worker = (
  modules = [ (name = "worker.js", esModule = embed "worker.js") ],
  compatibilityDate = "2025-09-01",
  bindings = [ ${bindings.join(", ")} ],
  globalOutbound = "internet",
);
`;
  const path = join(options.dir, options.configName ?? "config.capnp");
  await writeFile(path, config);
  return path;
}
