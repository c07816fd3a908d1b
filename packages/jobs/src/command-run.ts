import type { CommandResult, CommandSpec } from "@dai/core";
import type { JobContext } from "./registry.js";

/**
 * Runs a package's `dai` command on the job's data dir, as the CLI would. A non-zero exit code fails
 * the run with the command's first line as the reason; otherwise that line is the run's summary.
 */
export async function runJobCommand(
  command: CommandSpec,
  jobName: string,
  { dataDir, progress }: Pick<JobContext, "dataDir" | "progress">,
): Promise<{ summary: string; result: CommandResult }> {
  const result = await command.run({
    args: [],
    options: { dataDir },
    json: false,
    progress,
    cwd: process.cwd(),
    env: process.env,
  });
  const summary = (result.text ?? "").split("\n")[0] ?? "";
  if (result.exitCode) throw new Error(summary || `${jobName} failed`);
  return { summary, result };
}
