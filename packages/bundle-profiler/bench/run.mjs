// Benchmark: analyse a synthetic Next.js build of 2,000 chunks (~20 MB of minified-looking JS and
// CSS) with gzip 9 + brotli 11, cold and warm, against size-limit (@size-limit/file) measuring the
// same files with the same settings, in the same run. Usage: node bench/run.mjs [--mb 20] [--chunks 2000]
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { mulberry32 } from "@dai/core";
import filePlugin from "@size-limit/file";
import sizeLimit from "size-limit";
import { analyzeBuild } from "../dist/index.js";

const { values } = parseArgs({
  // `pnpm bench -- --mb 2` passes the "--" through.
  args: process.argv.slice(2).filter((arg) => arg !== "--"),
  options: { mb: { type: "string", default: "20" }, chunks: { type: "string", default: "2000" } },
});
const targetBytes = Math.round(Number(values.mb) * 1_000_000);
const chunkCount = Number(values.chunks);
if (!(targetBytes > 0) || !(chunkCount > 0)) throw new Error("--mb and --chunks must be positive numbers");

const random = mulberry32(20261125);
const pick = (items) => items[Math.floor(random() * items.length)];
const ident = () => {
  const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_$";
  let out = pick(letters);
  const length = 1 + Math.floor(random() * 2.2);
  for (let i = 1; i < length; i++) out += pick(`${letters}0123456789`);
  return out;
};
const WORDS = [
  "dealer",
  "inventory",
  "lead",
  "price",
  "vin",
  "score",
  "pulse",
  "copilot",
  "twin",
  "audit",
  "trend",
  "mood",
];
const JS_SNIPPETS = [
  () =>
    `function ${ident()}(${ident()},${ident()}){return ${ident()}.${pick(WORDS)}(${ident()})||${Math.floor(random() * 1e4)}}`,
  () => `var ${ident()}=${ident()}(${Math.floor(random() * 99999)}),${ident()}=${ident()}.n(${ident()});`,
  () =>
    `${ident()}.exports={${pick(WORDS)}:${ident()},${pick(WORDS)}:"${pick(WORDS)}-${Math.floor(random() * 1e6).toString(36)}"};`,
  () =>
    `if(!${ident()}&&${ident()}.length>${Math.floor(random() * 64)})throw Error("${pick(WORDS)} ${pick(WORDS)} failed: "+${ident()});`,
  () =>
    `(0,${ident()}.jsx)("${pick(["div", "span", "button", "section", "svg"])}",{className:"${pick(WORDS)}_${Math.floor(random() * 1e5).toString(36)}",children:${ident()}}),`,
  () =>
    `for(let ${ident()}=0;${ident()}<${ident()}.length;${ident()}++)${ident()}[${ident()}]=${ident()}[${ident()}]*${(random() * 10).toFixed(3)};`,
];
const CSS_SNIPPETS = [
  () =>
    `.${pick(WORDS)}_${Math.floor(random() * 1e6).toString(36)}{display:flex;gap:${Math.floor(random() * 32)}px;color:#${Math.floor(
      random() * 0xffffff,
    )
      .toString(16)
      .padStart(6, "0")}}`,
  () =>
    `@media (min-width:${Math.floor(random() * 1600)}px){.${ident()}{margin:${Math.floor(random() * 24)}px ${Math.floor(random() * 24)}px}}`,
];

function content(bytes, css) {
  const parts = [];
  let size = 0;
  while (size < bytes) {
    const piece = pick(css ? CSS_SNIPPETS : JS_SNIPPETS)();
    parts.push(piece);
    size += piece.length;
  }
  return parts.join("");
}

async function generate(dir) {
  const distDir = join(dir, ".next");
  await mkdir(join(distDir, "static", "chunks", "pages"), { recursive: true });
  await mkdir(join(distDir, "static", "css"), { recursive: true });
  await writeFile(join(distDir, "BUILD_ID"), "bench");
  // Sizes vary like real chunks (many small, a few large), scaled to the target total.
  const weights = Array.from({ length: chunkCount }, () => Math.exp(random() * 3));
  const scale = targetBytes / weights.reduce((a, b) => a + b, 0);
  const files = [];
  let written = 0;
  for (let i = 0; i < chunkCount; i++) {
    const css = i % 10 === 9;
    const file = css
      ? `static/css/${i.toString(36)}.css`
      : `static/chunks/${i < 100 ? "pages/" : ""}${i.toString(36)}-${Math.floor(random() * 1e9).toString(16)}.js`;
    const text = content(Math.max(200, Math.round((weights[i] ?? 1) * scale)), css);
    await writeFile(join(distDir, file), text);
    written += text.length;
    files.push(file);
  }
  const shared = files.filter((f) => f.endsWith(".js")).slice(100, 104);
  const pages = { "/_app": shared };
  files.forEach((file, i) => {
    if (file.startsWith("static/chunks/pages/"))
      pages[i === 0 ? "/" : `/route-${i}`] = [...shared, file, files[(i * 37) % files.length]];
  });
  await writeFile(
    join(distDir, "build-manifest.json"),
    JSON.stringify({ pages, rootMainFiles: [], polyfillFiles: [] }),
  );
  return { distDir, paths: files.map((f) => join(distDir, f)), written, pages };
}

const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;
// CPU time of this process (all threads): on a shared, loaded machine wall time also measures the
// neighbours, CPU time only the work each tool did.
const cpuMs = (since) => {
  const usage = process.cpuUsage(since);
  return (usage.user + usage.system) / 1000;
};
const dir = await mkdtemp(join(tmpdir(), "bundle-profiler-bench-"));
try {
  const { distDir, paths, written, pages } = await generate(dir);
  console.log(
    `synthetic build: ${paths.length} files, ${(written / 1e6).toFixed(1)} MB, ${availableParallelism()} cores`,
  );
  const cacheFile = join(dir, "cache", "sizes.json");

  let t = performance.now();
  let cpu = process.cpuUsage();
  const cold = await analyzeBuild({ dir: distDir, cacheFile });
  const coldMs = performance.now() - t;
  const coldCpu = cpuMs(cpu);
  console.log(
    `bundle-profiler cold (gzip 9 + brotli 11, cache empty): ${seconds(coldMs)} (CPU ${seconds(coldCpu)})`,
  );

  t = performance.now();
  cpu = process.cpuUsage();
  const [gzipCheck, brotliCheck] = await sizeLimit([filePlugin], {
    checks: [
      { files: paths, gzip: true },
      { files: paths, brotli: true },
    ],
  });
  const sizeLimitMs = performance.now() - t;
  const sizeLimitCpu = cpuMs(cpu);
  console.log(
    `size-limit 11 (@size-limit/file, gzip 9 + brotli 11): ${seconds(sizeLimitMs)} (CPU ${seconds(sizeLimitCpu)})`,
  );
  if (gzipCheck.size !== cold.totals.all.gzip || brotliCheck.size !== cold.totals.all.brotli) {
    throw new Error(
      `totals differ: size-limit gzip ${gzipCheck.size} brotli ${brotliCheck.size}, bundle-profiler gzip ${cold.totals.all.gzip} brotli ${cold.totals.all.brotli}`,
    );
  }
  console.log(`totals agree: gzip ${cold.totals.all.gzip} B, brotli ${cold.totals.all.brotli} B`);

  // Secondary, for context: size-limit set up to give the per-route first-load figures the report
  // has (one check per route), which compresses shared chunks once per route.
  const routeChecks = Object.entries(pages)
    .filter(([route]) => route !== "/_app")
    .flatMap(([, files]) => {
      const routeFiles = [...new Set(files)].map((f) => join(distDir, f));
      return [
        { files: routeFiles, gzip: true },
        { files: routeFiles, brotli: true },
      ];
    });
  t = performance.now();
  await sizeLimit([filePlugin], {
    checks: [{ files: paths, gzip: true }, { files: paths, brotli: true }, ...routeChecks],
  });
  const perRouteMs = performance.now() - t;
  console.log(
    `size-limit 11 with one check per route too (${routeChecks.length / 2} routes): ${seconds(perRouteMs)}`,
  );

  t = performance.now();
  const warm = await analyzeBuild({ dir: distDir, cacheFile });
  const warmMs = performance.now() - t;
  if (warm.cache.misses !== 0) throw new Error(`warm run compressed ${warm.cache.misses} files`);
  console.log(`bundle-profiler warm (all ${warm.cache.hits} from cache): ${seconds(warmMs)}`);

  const ratio = sizeLimitMs / coldMs;
  console.log("");
  console.log(
    `cold: ${ratio.toFixed(2)}× faster than size-limit (target ≥ 1.8×) ${ratio >= 1.8 ? "PASS" : "FAIL"}`,
  );
  console.log(
    `cold, per-route figures: ${(perRouteMs / coldMs).toFixed(2)}× faster than size-limit with per-route checks`,
  );
  console.log(
    `warm: ${seconds(warmMs)} (target < 0.5 s) ${warmMs < 500 ? "PASS" : "FAIL"}; ${(sizeLimitMs / warmMs).toFixed(0)}× faster than size-limit`,
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
