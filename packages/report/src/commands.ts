import { resolve } from "node:path";
import {
  type CommandSpec,
  commandDataDir,
  DATA_DIR_OPTION,
  defineCommand,
  resolveManifestPath,
} from "@dai/core";
import type { JobDefinition } from "@dai/jobs";
import { loadManifest } from "@dai/manifest-schema";
import { parseMonth } from "./month.js";
import { type GeneratedReport, generateReport } from "./report.js";

function describe(result: GeneratedReport): string {
  const { data } = result;
  const lines = [
    `Hyper-report for ${data.month.label}: health index ${data.health.index === null ? "no data" : `${data.health.index.toFixed(1)}/100`}, metric attainment ${data.attainment.index === null ? "no data" : `${data.attainment.index.toFixed(1)}%`}, ${data.incidents.length} incident(s), ${data.bundles.regressions.length} open regression(s)`,
    `  Markdown: ${result.markdownPath}`,
    `  HTML:     ${result.htmlPath}`,
  ];
  if (data.metrics.note) lines.push(`  Telemetry: ${data.metrics.note}`);
  if (result.delivery?.via === "smtp") {
    lines.push(`  Mailed to ${result.delivery.accepted.join(", ")} (${result.delivery.messageId})`);
  } else if (result.delivery?.via === "eml") {
    lines.push(`  No SMTP configured (SMTP_URL or SMTP_HOST): message written to ${result.delivery.path}`);
  }
  lines.push(`  Recipients ${data.recipients.join(", ")} · Slack ${data.slackChannel}`);
  return lines.join("\n");
}

export const reportCommand: CommandSpec = defineCommand({
  path: ["report"],
  summary: "Produce the monthly hyper-report (Markdown + self-contained HTML) and optionally mail it",
  description:
    "Every success metric against its target over the month, the DealershipAI Health index, forecast deviation, tone and mood, bundle-size history and open regressions, job reliability and incidents. Recipients and Slack channel come from the manifest (governance.monthlyReport). --send mails it over SMTP (SMTP_URL, or SMTP_HOST/SMTP_PORT/SMTP_USER/SMTP_PASS; SMTP_FROM) or, without SMTP settings, writes an .eml file.",
  options: [
    { flags: "--month <YYYY-MM>", description: "the month to report (default: the previous month, UTC)" },
    { flags: "--out <dir>", description: "output directory (default: <data dir>/reports)" },
    { flags: "--send", description: "mail the report (SMTP when configured, otherwise an .eml file)" },
    DATA_DIR_OPTION,
  ],
  examples: ["dai report", "dai report --month 2026-10 --out reports --send", "dai report --json"],
  async run(context) {
    const { options, env, cwd } = context;
    const month = parseMonth(typeof options.month === "string" ? options.month : undefined);
    const dataDir = commandDataDir(context);
    const manifest = await loadManifest(resolveManifestPath(env, cwd));
    context.progress.start(`report ${month.id}`, 1);
    const result = await generateReport({
      dataDir,
      manifest,
      month,
      outDir: typeof options.out === "string" ? resolve(cwd, options.out) : undefined,
      send: options.send === true,
      env,
    });
    context.progress.finish(`report ${month.id} written`);
    return {
      data: {
        month: result.data.month,
        markdown: result.markdownPath,
        html: result.htmlPath,
        delivery: result.delivery ?? null,
        recipients: result.data.recipients,
        slackChannel: result.data.slackChannel,
        healthIndex: result.data.health.index,
        metricAttainment: result.data.attainment.index,
        incidents: result.data.incidents.length,
        openRegressions: result.data.bundles.regressions.length,
      },
      text: describe(result),
    };
  },
});

export const reportCommands: readonly CommandSpec[] = [reportCommand];

/**
 * The monthly report as a scheduled job (manifest schedule `monthly-report`, governance.monthlyReport):
 * on the 1st it reports the month that just ended and mails it (or writes the `.eml`).
 * Register it with `defaultJobs(manifest, [reportJob])`.
 */
export const reportJob: JobDefinition = {
  name: "monthly-report",
  description: "Produce and send the monthly hyper-report (Markdown + HTML; SMTP or .eml)",
  scheduleId: "monthly-report",
  inputs: [
    "data/telemetry warehouse",
    "data/dealer-twin-log.json",
    "data/tone-weights.json",
    "data/mood-report.json",
    "data/build-metrics.json",
    "data/job-runs.ndjson",
  ],
  outputs: ["data/reports/hyper-report-YYYY-MM.md", "data/reports/hyper-report-YYYY-MM.html"],
  async run({ dataDir, manifest, scheduledFor, logger }) {
    const month = parseMonth(undefined, scheduledFor);
    const result = await generateReport({ dataDir, manifest, month, send: true, env: process.env, logger });
    const outputs = [result.markdownPath, result.htmlPath];
    if (result.delivery?.via === "eml") outputs.push(result.delivery.path);
    return {
      summary: describe(result).split("\n")[0] ?? `report ${month.id}`,
      outputs,
      metrics: {
        incidents: result.data.incidents.length,
        ...(result.data.health.index === null ? {} : { healthIndex: result.data.health.index }),
      },
    };
  },
};
