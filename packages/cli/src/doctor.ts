import { constants, existsSync } from "node:fs";
import { access } from "node:fs/promises";
import { connect } from "node:net";
import {
  type CommandSpec,
  DaiError,
  defineCommand,
  formatTable,
  resolveDataDir,
  resolveManifestPath,
} from "@dai/core";
import { readSeedMeta } from "@dai/demo-data";
import { loadManifest } from "@dai/manifest-schema";
import { serviceEnvSchema } from "./env.js";

export type CheckStatus = "ok" | "warn" | "fail" | "off";

export interface Check {
  name: string;
  status: CheckStatus;
  detail: string;
}

const MIN_NODE = [20, 9] as const;

/** Node ≥ 20.9 is the floor the project supports. */
export function checkNodeVersion(version: string = process.versions.node): Check {
  const [major = 0, minor = 0] = version.split(".").map(Number);
  const ok = major > MIN_NODE[0] || (major === MIN_NODE[0] && minor >= MIN_NODE[1]);
  return {
    name: "node",
    status: ok ? "ok" : "fail",
    detail: ok ? `v${version}` : `v${version}; need ≥ ${MIN_NODE.join(".")}`,
  };
}

/** Sends a Redis PING over a raw socket: enough to tell whether the server answers, without a client library. */
export function pingRedis(url: string, timeoutMs = 1500): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname.replace(/^\[|\]$/g, ""), port: Number(port || 6379) });
    const timer = setTimeout(() => socket.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.once("data", (data) => {
      clearTimeout(timer);
      socket.end();
      const reply = data.toString().trim();
      reply.startsWith("+PONG")
        ? resolve("PONG")
        : reject(new Error(`unexpected reply ${JSON.stringify(reply.slice(0, 40))}`));
    });
    socket.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

async function checkUrl(url: string, timeoutMs = 2000): Promise<string> {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return `HTTP ${response.status}`;
}

/** Runs every check; none throws, each reports what is off and how to fix it. */
export async function runDoctor(env: Record<string, string | undefined>, cwd: string): Promise<Check[]> {
  const checks: Check[] = [checkNodeVersion()];

  try {
    const manifest = await loadManifest(resolveManifestPath(env, cwd));
    checks.push({ name: "manifest", status: "ok", detail: `valid, version ${manifest.version}` });
  } catch (error) {
    checks.push({
      name: "manifest",
      status: "fail",
      detail: error instanceof DaiError ? (error.message.split("\n")[0] ?? "") : String(error),
    });
  }

  const dataDir = resolveDataDir(env, cwd);
  if (!existsSync(dataDir)) {
    checks.push({
      name: "data dir",
      status: "warn",
      detail: `${dataDir} does not exist yet; run \`dai seed\``,
    });
  } else {
    try {
      await access(dataDir, constants.W_OK);
      const meta = await readSeedMeta(dataDir);
      checks.push(
        meta
          ? {
              name: "data dir",
              status: "ok",
              detail: `${dataDir} (seed ${meta.seed}, ${meta.dealers} dealers, through ${meta.endDate})`,
            }
          : { name: "data dir", status: "warn", detail: `${dataDir} is not seeded; run \`dai seed\`` },
      );
    } catch {
      checks.push({ name: "data dir", status: "fail", detail: `${dataDir} is not writable` });
    }
  }

  const parsed = serviceEnvSchema.safeParse(
    Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== "")),
  );
  const badVariables = new Set<string>();
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0]);
      badVariables.add(name);
      checks.push({ name, status: "fail", detail: issue.message });
    }
  }
  const set = (name: string) => Boolean(env[name]?.trim()) && !badVariables.has(name);

  if (set("REDIS_URL")) {
    try {
      await pingRedis(env.REDIS_URL as string);
      checks.push({ name: "redis", status: "ok", detail: "answers PING (event bus uses Redis Streams)" });
    } catch (error) {
      checks.push({ name: "redis", status: "fail", detail: `REDIS_URL set but ${(error as Error).message}` });
    }
  } else if (!badVariables.has("REDIS_URL")) {
    checks.push({
      name: "redis",
      status: "off",
      detail: "REDIS_URL unset: in-memory event bus (one API process)",
    });
  }

  const optional: [name: string, variables: string[], on: string, off: string][] = [
    [
      "bigquery",
      ["BIGQUERY_PROJECT_ID", "BIGQUERY_DATASET"],
      "warehouse writes to BigQuery",
      "warehouse is the embedded DuckDB in the data dir",
    ],
    [
      "github",
      ["GITHUB_TOKEN", "GITHUB_REPOSITORY"],
      "bundle regressions file GitHub issues",
      "bundle regressions are reported locally only",
    ],
    ["slack", ["SLACK_WEBHOOK_URL"], "summaries post to Slack", "no Slack messages"],
    ["sentry", ["SENTRY_DSN"], "errors report to Sentry", "errors are only logged"],
    ["opentelemetry", ["OTEL_EXPORTER_OTLP_ENDPOINT"], "traces export over OTLP", "no traces exported"],
  ];
  for (const [name, variables, on, off] of optional) {
    if (variables.some((v) => badVariables.has(v))) continue;
    const present = variables.filter(set);
    if (present.length === variables.length) checks.push({ name, status: "ok", detail: on });
    else if (present.length === 0)
      checks.push({ name, status: "off", detail: `${variables.join(", ")} unset: ${off}` });
    else
      checks.push({
        name,
        status: "warn",
        detail: `partly configured: set ${variables.filter((v) => !set(v)).join(", ")} as well`,
      });
  }

  const chromium = env.CHROMIUM_PATH?.trim() || "/usr/bin/chromium";
  checks.push(
    existsSync(chromium)
      ? { name: "chromium", status: "ok", detail: `${chromium} (browser tests, Lighthouse)` }
      : {
          name: "chromium",
          status: "warn",
          detail: `${chromium} missing: browser tests cannot run (apt-get install -y chromium)`,
        },
  );

  if (set("API_URL")) {
    const url = new URL("/healthz", env.API_URL as string).toString();
    try {
      checks.push({ name: "api", status: "ok", detail: `${url} → ${await checkUrl(url)}` });
    } catch (error) {
      checks.push({ name: "api", status: "fail", detail: `${url}: ${(error as Error).message}` });
    }
  }
  return checks;
}

const MARKS: Record<CheckStatus, string> = { ok: "ok", warn: "WARN", fail: "FAIL", off: "off" };

export const doctorCommand: CommandSpec = defineCommand({
  path: ["doctor"],
  summary: "Check Node, the manifest, the data dir and the optional services, and say what is off",
  async run({ env, cwd }) {
    const checks = await runDoctor(env, cwd);
    const failures = checks.filter((c) => c.status === "fail").length;
    const table = formatTable(
      checks.map((c) => ({ ...c, mark: MARKS[c.status] })),
      [
        { key: "mark", label: "Status" },
        { key: "name", label: "Check" },
        { key: "detail", label: "Detail" },
      ],
    );
    const verdict = failures === 0 ? "no problems found" : `${failures} problem(s) found`;
    return {
      data: { ok: failures === 0, checks },
      text: `${table}\n\n${verdict}`,
      exitCode: failures === 0 ? 0 : 1,
    };
  },
});
