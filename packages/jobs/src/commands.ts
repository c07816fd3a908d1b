import { readFile } from "node:fs/promises";
import { join } from "node:path";
import {
  type CommandContext,
  type CommandSpec,
  commandDataDir,
  DATA_DIR_OPTION,
  DaiError,
  defineCommand,
  findProjectRoot,
  formatTable,
  resolveManifestPath,
  writeFileAtomic,
} from "@dai/core";
import { loadManifest } from "@dai/manifest-schema";
import { loadNotifyEnv, sendSlackMessage } from "@dai/notify";
import { defaultJobs } from "./catalog.js";
import type { JobDefinition } from "./registry.js";
import { JobRunLog } from "./run-log.js";
import { runJob } from "./runner.js";
import { nextRunOf } from "./scheduler.js";
import { summariseLoop } from "./summary.js";
import { generateSelfOptimizationWorkflow, selfOptimizationWorkflowPath } from "./workflow.js";

async function setup(context: CommandContext, extra: readonly JobDefinition[]) {
  const manifest = await loadManifest(resolveManifestPath(context.env, context.cwd));
  const dataDir = commandDataDir(context);
  return { manifest, dataDir, registry: defaultJobs(manifest, extra), runLog: new JobRunLog(dataDir) };
}

/** `dai jobs list|run` and `dai workflows generate`, over the default jobs plus `extra` ones. */
export function jobCommands(extra: readonly JobDefinition[] = []): CommandSpec[] {
  return [
    defineCommand({
      path: ["jobs", "list"],
      summary: "List every job with its manifest schedule, next run and last run",
      options: [DATA_DIR_OPTION],
      async run(context) {
        const { registry, runLog } = await setup(context, extra);
        const now = new Date();
        const rows = await Promise.all(
          registry.list().map(async (job) => {
            const last = await runLog.lastRun(job.name);
            return {
              name: job.name,
              schedule: `${job.schedule.cron} ${job.schedule.timezone}`,
              next: nextRunOf(job, now)?.toISOString() ?? "never",
              last: last ? `${last.outcome} ${last.endedAt}` : "never run",
              description: job.description,
            };
          }),
        );
        return {
          data: rows,
          text: formatTable(rows, [
            { key: "name", label: "Job" },
            { key: "schedule", label: "Schedule" },
            { key: "next", label: "Next run" },
            { key: "last", label: "Last run" },
            { key: "description", label: "What it does" },
          ]),
        };
      },
    }),
    defineCommand({
      path: ["jobs", "run"],
      summary: "Run one job now (recorded in the run log like a scheduled run)",
      arguments: [{ name: "name", description: "the job's name (see `dai jobs list`)", required: true }],
      options: [DATA_DIR_OPTION],
      async run(context) {
        const { registry, runLog, manifest, dataDir } = await setup(context, extra);
        const job = registry.get(context.args[0] as string);
        const record = await runJob(job, "manual", { dataDir, manifest, runLog, progress: context.progress });
        return {
          data: record,
          text: `${job.name}: ${record.outcome} in ${(record.durationMs / 1000).toFixed(1)} s — ${record.summary}`,
          exitCode: record.outcome === "success" ? 0 : 1,
        };
      },
    }),
    defineCommand({
      path: ["jobs", "summary"],
      summary: "Summarise the loop's latest runs; with --slack, post it as one Block Kit message",
      options: [
        { flags: "--since <hours>", description: "runs started in the last n hours (default 24)" },
        {
          flags: "--slack",
          description: "post to SLACK_WEBHOOK_URL (a failure to post is reported, not fatal)",
        },
        DATA_DIR_OPTION,
      ],
      async run(context) {
        const hours = context.options.since === undefined ? 24 : Number(context.options.since);
        if (!Number.isFinite(hours) || hours <= 0)
          throw new DaiError(
            "invalid_option",
            `--since: expected hours > 0, got "${String(context.options.since)}"`,
          );
        const { runLog } = await setup(context, extra);
        const summary = summariseLoop(await runLog.all(), new Date(Date.now() - hours * 3_600_000));
        let slack = "not requested";
        if (context.options.slack === true) {
          const webhook = loadNotifyEnv(context.env).slackWebhookUrl;
          if (!webhook) slack = "off (SLACK_WEBHOOK_URL unset)";
          else {
            try {
              await sendSlackMessage(webhook, { text: summary.text, blocks: summary.blocks });
              slack = "posted";
            } catch (error) {
              slack = `failed: ${(error as Error).message}`;
            }
          }
        }
        return {
          data: { ...summary, slack },
          text: `${summary.text}\n\nSlack: ${slack}`,
          exitCode: summary.failed.length > 0 ? 1 : 0,
        };
      },
    }),
    defineCommand({
      path: ["workflows", "generate"],
      summary:
        "Write .github/workflows/self-optimization.yml from the manifest (--check: fail if it differs)",
      options: [{ flags: "--check", description: "compare with the committed file instead of writing it" }],
      async run(context) {
        const manifest = await loadManifest(resolveManifestPath(context.env, context.cwd));
        const root = findProjectRoot(context.cwd);
        if (!root) throw new DaiError("not_in_project", "run inside the project (manifest/ not found)");
        const path = join(root, selfOptimizationWorkflowPath(manifest));
        const generated = generateSelfOptimizationWorkflow(manifest);
        if (context.options.check === true) {
          const committed = await readFile(path, "utf8").catch(() => "");
          if (committed !== generated)
            throw new DaiError(
              "workflow_stale",
              `${path} differs from the manifest: run \`dai workflows generate\``,
            );
          return { data: { path, upToDate: true }, text: `${path} matches the manifest` };
        }
        await writeFileAtomic(path, generated);
        return { data: { path, written: true }, text: `wrote ${path}` };
      },
    }),
  ];
}
