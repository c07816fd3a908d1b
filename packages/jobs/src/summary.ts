import type { JobRunRecord } from "./run-log.js";

export interface LoopSummary {
  since: string;
  runs: JobRunRecord[];
  failed: JobRunRecord[];
  text: string;
  blocks: Record<string, unknown>[];
}

const ICON: Record<JobRunRecord["outcome"], string> = { success: "✅", failure: "❌", skipped: "⏭️" };

/**
 * The consolidated report after a loop: what ran (the latest run of each job since `since`), what it
 * changed (each run's one-line summary) and what needs a human (failures), as one Block Kit message.
 */
export function summariseLoop(records: readonly JobRunRecord[], since: Date): LoopSummary {
  const latest = new Map<string, JobRunRecord>();
  for (const record of records)
    if (Date.parse(record.startedAt) >= since.getTime()) latest.set(record.job, record);
  const runs = [...latest.values()].sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  const failed = runs.filter((r) => r.outcome === "failure");
  const headline =
    runs.length === 0
      ? "Self-optimization loop: nothing ran"
      : failed.length === 0
        ? `Self-optimization loop: ${runs.length} job(s) ran, all succeeded`
        : `Self-optimization loop: ${failed.length} of ${runs.length} job(s) failed — needs a look`;
  const lines = runs.map(
    (r) => `${ICON[r.outcome]} *${r.job}* (${(r.durationMs / 1000).toFixed(1)} s): ${r.summary}`,
  );
  const blocks: Record<string, unknown>[] = [
    { type: "header", text: { type: "plain_text", text: headline.slice(0, 150) } },
    {
      type: "section",
      text: { type: "mrkdwn", text: (lines.join("\n") || "No runs since the last summary.").slice(0, 2900) },
    },
  ];
  if (failed.length > 0) {
    blocks.push({
      type: "section",
      text: {
        type: "mrkdwn",
        text: `*Needs a human:*\n${failed.map((r) => `• ${r.job}: ${r.error ?? r.summary}`).join("\n")}`.slice(
          0,
          2900,
        ),
      },
    });
  }
  blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: `Runs since ${since.toISOString()}` }] });
  return { since: since.toISOString(), runs, failed, text: [headline, ...lines].join("\n"), blocks };
}
