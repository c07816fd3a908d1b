import { type CommandSpec, commandDataDir, DATA_DIR_OPTION, DaiError, defineCommand } from "@dai/core";
import { DEFAULT_SEED, readSeedMeta, seedDemoData } from "./seed.js";

function integerOption(value: unknown, name: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < min || number > max) {
    throw new DaiError(
      "invalid_option",
      `--${name}: expected an integer from ${min} to ${max}, got "${String(value)}"`,
      { field: name },
    );
  }
  return number;
}

export const seedCommand: CommandSpec = defineCommand({
  path: ["seed"],
  summary: "Generate the deterministic demo data set into the data dir",
  description:
    "Same --seed and --end-date give byte-identical files. An already seeded data dir is kept unless --force.",
  options: [
    { flags: "--seed <number>", description: `PRNG seed (default ${DEFAULT_SEED})` },
    { flags: "--dealers <count>", description: "number of dealers (default 200)" },
    { flags: "--days <count>", description: "days of KPI history (default 730)" },
    { flags: "--end-date <YYYY-MM-DD>", description: "last day of data (default: yesterday, UTC)" },
    DATA_DIR_OPTION,
    { flags: "--force", description: "regenerate even if the data dir is already seeded" },
  ],
  examples: ["dai seed", "dai seed --seed 7 --dealers 50 --end-date 2026-06-30 --force"],
  async run({ options, progress, env, cwd }) {
    const dataDir = commandDataDir({ options, env, cwd });
    const existing = await readSeedMeta(dataDir);
    if (existing && options.force !== true) {
      return {
        data: { seeded: false, reason: "already-seeded", dataDir, ...existing },
        text: `${dataDir} is already seeded (seed ${existing.seed}, ${existing.startDate} … ${existing.endDate}); use --force to regenerate`,
      };
    }
    const summary = await seedDemoData({
      dataDir,
      seed: integerOption(options.seed, "seed", 0, 2 ** 32 - 1),
      dealers: integerOption(options.dealers, "dealers", 1, 5000),
      days: integerOption(options.days, "days", 14, 3660),
      endDate: typeof options.endDate === "string" ? options.endDate : undefined,
      progress,
    });
    return {
      data: { seeded: true, ...summary },
      text: `seeded ${summary.dataDir}: ${summary.dealers} dealers, ${summary.kpiRows} dealer-days (${summary.startDate} … ${summary.endDate}), ${summary.copilotEvents} Copilot events (seed ${summary.seed})`,
    };
  },
});
