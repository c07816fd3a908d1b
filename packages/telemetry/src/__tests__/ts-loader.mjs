// Lets a child `node` process run this package's TypeScript sources (Node 20 cannot strip types):
// `.js` specifiers resolve to the `.ts` file beside them, which is transpiled on load. Output is
// cached by path and mtime so a restarted child skips loading the compiler.
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const cacheDir = join(tmpdir(), "dai-telemetry-ts-cache");
let ts;

export async function resolve(specifier, context, next) {
  if (specifier.startsWith(".") && specifier.endsWith(".js") && context.parentURL?.endsWith(".ts")) {
    const candidate = new URL(specifier.replace(/\.js$/, ".ts"), context.parentURL);
    if (existsSync(fileURLToPath(candidate))) return { url: candidate.href, shortCircuit: true };
  }
  return next(specifier, context);
}

export async function load(url, context, next) {
  if (!url.endsWith(".ts")) return next(url, context);
  const path = fileURLToPath(url);
  const { mtimeMs, size } = await stat(path);
  const cached = join(
    cacheDir,
    `${createHash("sha1").update(`${path}:${mtimeMs}:${size}`).digest("hex")}.mjs`,
  );
  if (existsSync(cached))
    return { format: "module", source: await readFile(cached, "utf8"), shortCircuit: true };
  ts ??= (await import("typescript")).default;
  const { outputText } = ts.transpileModule(await readFile(path, "utf8"), {
    compilerOptions: {
      module: ts.ModuleKind.ESNext,
      target: ts.ScriptTarget.ES2022,
      verbatimModuleSyntax: true,
    },
    fileName: path,
  });
  await mkdir(cacheDir, { recursive: true });
  await writeFile(`${cached}.${process.pid}`, outputText);
  await import("node:fs/promises").then(({ rename }) => rename(`${cached}.${process.pid}`, cached));
  return { format: "module", source: outputText, shortCircuit: true };
}
