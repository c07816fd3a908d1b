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
} from "@dai/core";
import { loadNotifyEnv } from "./env.js";
import type { RegressionNotice } from "./github.js";
import { type NotifyInput, notifyPerfResult } from "./notify.js";
import type { PerfSummary } from "./slack.js";

/** The file `dai bundle compare` / `dai perf lighthouse` write and this command reads. */
export interface NoticesFile {
  scopes?: string[];
  resolvedBy?: string;
  regressions: RegressionNotice[];
  summary: PerfSummary & { regressions: { message: string; url?: string; key?: string }[] };
}

/** Reads and checks a notices file, naming the first bad field. */
export async function readNotices(path: string): Promise<NoticesFile> {
  if (!existsSync(path)) {
    throw new DaiError("missing_notices", `${path} not found; run \`dai bundle compare\` first`, {
      status: 404,
      field: "notices",
    });
  }
  const value = parseJson(await readFile(path, "utf8"), path) as Partial<NoticesFile>;
  if (!Array.isArray(value?.regressions)) {
    throw new DaiError("invalid_notices", `${path}: "regressions" must be an array`, {
      status: 422,
      field: "regressions",
    });
  }
  value.regressions.forEach((r, index) => {
    for (const field of ["key", "title", "body"] as const) {
      if (typeof r?.[field] !== "string") {
        throw new DaiError("invalid_notices", `${path}: regressions[${index}].${field} must be a string`, {
          status: 422,
          field: `regressions[${index}].${field}`,
        });
      }
    }
  });
  if (
    typeof value.summary?.title !== "string" ||
    !Array.isArray(value.summary.apps) ||
    !Array.isArray(value.summary.regressions)
  ) {
    throw new DaiError("invalid_notices", `${path}: "summary" needs title, apps and regressions`, {
      status: 422,
      field: "summary",
    });
  }
  return value as NoticesFile;
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
