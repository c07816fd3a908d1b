#!/usr/bin/env node
// The README's two commands: `npm start` (install, build, seed, run the demo) and `npm test` (install,
// then lint, typecheck and every test through Turborepo). Plain Node, so it runs before pnpm exists.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const mode = process.argv[2];
const env = {
  ...process.env,
  TURBO_TELEMETRY_DISABLED: "1",
  NEXT_TELEMETRY_DISABLED: "1",
  DO_NOT_TRACK: "1",
};
const pnpmVersion = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).packageManager.split("@")[1];

function say(message) {
  process.stderr.write(`\n▸ ${message}\n`);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, env, stdio: "inherit", ...options });
  if (result.status !== 0) {
    process.stderr.write(
      `\n✖ ${command} ${args.join(" ")} failed (exit ${result.status ?? result.signal})\n`,
    );
    process.exit(result.status ?? 1);
  }
}

function ensurePnpm() {
  try {
    const found = execFileSync("pnpm", ["--version"], { env, encoding: "utf8" }).trim();
    if (found === pnpmVersion) return "pnpm";
    say(`pnpm ${found} found; this repo pins ${pnpmVersion}, installing it`);
  } catch {
    say(`pnpm not found; installing pnpm@${pnpmVersion} with npm`);
  }
  run("npm", ["install", "--global", `pnpm@${pnpmVersion}`]);
  return "pnpm";
}

const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 20 || (major === 20 && minor < 9)) {
  process.stderr.write(`✖ Node ${process.versions.node} is too old: this project needs Node ≥ 20.9\n`);
  process.exit(1);
}

const pnpm = ensurePnpm();
say("installing dependencies");
run(pnpm, ["install", "--frozen-lockfile"], { env: { ...env, CI: env.CI ?? "true" } });

if (mode === "test") {
  say("lint, typecheck and every test (unit and end-to-end)");
  run(pnpm, [
    "exec",
    "turbo",
    "run",
    "lint",
    "typecheck",
    "test",
    "--output-logs=new-only",
    // Two cores: a few packages at a time keeps the timing-sensitive integration tests honest.
    "--concurrency=3",
  ]);
  say("all checks passed");
} else if (mode === "start") {
  await startDemo();
} else {
  process.stderr.write("usage: node scripts/bootstrap.mjs start|test\n");
  process.exit(2);
}

async function startDemo() {
  say("building the API, the dashboard and the CLI");
  run(pnpm, [
    "exec",
    "turbo",
    "run",
    "build",
    "--filter=@dai/api...",
    "--filter=@dai/web...",
    "--filter=@dai/cli...",
    "--output-logs=errors-only",
  ]);
  say("seeding demo data (kept if already there)");
  run(process.execPath, [join(root, "packages/cli/dist/bin.js"), "seed"]);

  const apiPort = env.API_PORT || "8787";
  const webPort = env.WEB_PORT || "3000";
  const apiUrl = env.API_URL || `http://127.0.0.1:${apiPort}`;
  const webUrl = `http://127.0.0.1:${webPort}`;
  const children = [
    spawn(process.execPath, [join(root, "apps/api/dist/node.js")], {
      cwd: root,
      env: {
        ...env,
        API_PORT: apiPort,
        CORS_ORIGINS: env.CORS_ORIGINS || `${webUrl},http://localhost:${webPort}`,
        DAI_DEMO_MODE: env.DAI_DEMO_MODE || "true",
        AUTH_URL: env.AUTH_URL || `${webUrl}/api/auth`,
      },
      stdio: "inherit",
    }),
    spawn(
      process.execPath,
      [join(root, "apps/web/node_modules/next/dist/bin/next"), "start", "-H", "127.0.0.1", "-p", webPort],
      {
        cwd: join(root, "apps/web"),
        env: { ...env, API_URL: apiUrl },
        stdio: "inherit",
      },
    ),
  ];
  let stopping = false;
  const stop = (code) => {
    if (stopping) return;
    stopping = true;
    for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
    setTimeout(() => process.exit(code), 500).unref();
  };
  for (const child of children) {
    child.on("exit", (code) => {
      if (!stopping) {
        process.stderr.write(`\n✖ a server stopped (exit ${code}); stopping the demo\n`);
        stop(code || 1);
      }
    });
  }
  process.on("SIGINT", () => stop(0));
  process.on("SIGTERM", () => stop(0));
  const { DEMO_ACCOUNTS } = await import(join(root, "packages/auth/dist/index.js"));
  const accounts = DEMO_ACCOUNTS.map(
    (a) => `    ${a.role.padEnd(8)} ${a.email.padEnd(32)} ${a.password}   (${a.scope})`,
  ).join("\n");
  say(`demo accounts (demo mode only):\n${accounts}`);
  say(
    `DealershipAI demo is starting:\n    API        ${apiUrl}  (health: ${apiUrl}/healthz)\n    Dashboard  ${webUrl}\n  Ctrl-C stops both.`,
  );
}
