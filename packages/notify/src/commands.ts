import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import {
  type CommandSpec,
  commandDataDir,
  createLogger,
  DATA_DIR_OPTION,
  DaiError,
  defineCommand,
  parseJson,
  parseWith,
} from "@dai/core";
import { z } from "zod";
import { loadNotifyEnv } from "./env.js";
import type { RegressionNotice } from "./github.js";
import { type NotifyInput, notifyPerfResult } from "./notify.js";
import type { PerfSummary } from "./slack.js";

const regressionNotice = z.object({ key: z.string(), title: z.string(), body: z.string() });
const perfSummary = z.object({
  title: z.string(),
  status: z.enum(["ok", "regression", "failed"]),
  commit: z.string().optional(),
  runUrl: z.string().optional(),
  apps: z.array(
    z.object({
      app: z.string(),
      totalBytes: z.number(),
      deltaBytes: z.number().nullable(),
      deltaPercent: z.number().nullable(),
      regressions: z.number(),
    }),
  ),
  regressions: z.array(
    z.object({ message: z.string(), url: z.string().optional(), key: z.string().optional() }),
  ),
  lighthouse: z
    .array(z.object({ url: z.string(), scores: z.record(z.string(), z.number()), passed: z.boolean() }))
    .optional(),
});

/**
 * The file `dai bundle compare` / `dai perf lighthouse` write (`@dai/bundle-profiler` builds it with
 * this type) and this command reads: one notice per regression, keyed so each maps to one GitHub
 * issue, and the summary for Slack. `scopes` names the key prefixes the run checked, so only their
 * issues are closed when a regression is gone.
 */
export interface NoticesFile {
  scopes?: string[];
  resolvedBy?: string;
  regressions: RegressionNotice[];
  summary: Omit<PerfSummary, "regressions"> & {
    regressions: { message: string; url?: string; key?: string }[];
  };
}

const noticesFile: z.ZodType<NoticesFile> = z.object({
  scopes: z.array(z.string()).optional(),
  resolvedBy: z.string().optional(),
  regressions: z.array(regressionNotice),
  summary: perfSummary,
});

/** Reads and checks a notices file, naming every bad field. */
export async function readNotices(path: string): Promise<NoticesFile> {
  if (!existsSync(path)) {
    throw new DaiError("missing_notices", `${path} not found; run \`dai bundle compare\` first`, {
      status: 404,
      field: "notices",
    });
  }
  const value = parseJson(await readFile(path, "utf8"), path);
  return parseWith(noticesFile, value, {
    code: "invalid_notices",
    status: 422,
    source: path,
    root: "(file)",
  });
}

export const perfNotifyCommand: CommandSpec = defineCommand({
  path: ["perf", "notify"],
  summary: "File/update/close GitHub issues for regressions, comment on the PR, post to Slack",
  description:
    "Reads data/perf-notices.json. GitHub needs GITHUB_TOKEN and GITHUB_REPOSITORY, Slack SLACK_WEBHOOK_URL; a channel without them is skipped. A failed channel is reported, never fatal: the exit code stays 0 so the analysis result stands.",
  options: [
    { flags: "--notices <file>", description: "notices JSON (default: <data-dir>/perf-notices.json)" },
    { flags: "--pr <number>", description: "also upsert one report comment on this pull request" },
    {
      flags: "--report <file>",
      description: "markdown for the PR comment (default: a summary of the notices)",
    },
    DATA_DIR_OPTION,
  ],
  examples: ["dai perf notify", "dai perf notify --pr 42 --report bundle-report.md"],
  async run({ options, env, cwd, json }) {
    const dataDir = commandDataDir({ options, env, cwd });
    const noticesPath =
      typeof options.notices === "string"
        ? resolve(cwd, options.notices)
        : join(dataDir, "perf-notices.json");
    const notices = await readNotices(noticesPath);
    const input: NotifyInput = { regressions: notices.regressions, summary: notices.summary };
    if (notices.resolvedBy) input.resolvedBy = notices.resolvedBy;
    if (options.pr !== undefined) {
      const number = Number(options.pr);
      if (!Number.isInteger(number) || number < 1) {
        throw new DaiError(
          "invalid_option",
          `--pr: expected a pull request number, got "${String(options.pr)}"`,
          { field: "pr" },
        );
      }
      const body =
        typeof options.report === "string"
          ? await readFile(resolve(cwd, options.report), "utf8")
          : [
              `## ${notices.summary.title}`,
              "",
              ...notices.summary.regressions.map((r) => `- ${r.message}`),
            ].join("\n");
      input.pullRequest = { number, body };
    }
    const scopes = notices.scopes ?? [];
    const logger = createLogger({ level: json ? "error" : "warn" });
    const outcome = await notifyPerfResult({ ...input, scopes }, { env: loadNotifyEnv(env), logger });
    const line = (name: string, o: { status: string; reason?: string }) =>
      `${name}: ${o.status}${o.reason ? ` (${o.reason})` : ""}`;
    const issues = outcome.issues.result;
    const text = [
      line("GitHub issues", outcome.issues) +
        (issues
          ? ` — ${issues.created.length} opened, ${issues.updated.length} updated, ${issues.closed.length} closed`
          : ""),
      ...(issues?.closed ?? []).map((c) => `  #${c.number} ${c.key} corrected after ${c.hoursToCorrect} h`),
      line("PR comment", outcome.pullRequest),
      line("Slack", outcome.slack),
    ].join("\n");
    return { data: outcome, text };
  },
});

export const notifyCommands: readonly CommandSpec[] = [perfNotifyCommand];
