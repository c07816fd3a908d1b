import { resolve } from "node:path";
import { resolveDataDir } from "./paths.js";
import type { Progress } from "./progress.js";

/**
 * A `dai` subcommand, declared by the package that owns the work and registered by the CLI. Keeping
 * the declaration framework-free lets packages contribute commands without depending on the CLI.
 *
 * @example
 * export const validateCommand = defineCommand({
 *   path: ["manifest", "validate"],
 *   summary: "Validate the manifest",
 *   async run({ options }) { return { data: { ok: true }, text: "manifest is valid" }; },
 * });
 */
export interface CommandSpec {
  /** Words after `dai`, e.g. `["manifest", "validate"]`. */
  readonly path: readonly string[];
  readonly summary: string;
  readonly description?: string;
  readonly arguments?: readonly CommandArgument[];
  readonly options?: readonly CommandOption[];
  /** Extra `--help` text, e.g. examples. */
  readonly examples?: readonly string[];
  run(context: CommandContext): Promise<CommandResult>;
}

export interface CommandArgument {
  readonly name: string;
  readonly description: string;
  readonly required?: boolean;
}

export interface CommandOption {
  /** Commander-style flags: `--dry-run`, `--file <path>`, `-n, --dealers <count>`. */
  readonly flags: string;
  readonly description: string;
  readonly defaultValue?: string | boolean;
}

export interface CommandContext {
  readonly args: readonly string[];
  readonly options: Readonly<Record<string, string | boolean | undefined>>;
  /** True when the user asked for `--json`: progress goes quiet, the result is printed as JSON. */
  readonly json: boolean;
  readonly progress: Progress;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export interface CommandResult {
  /** What `--json` prints. */
  readonly data: unknown;
  /** What a person reads; defaults to the JSON. */
  readonly text?: string;
  /** Non-zero when the command ran but found problems (e.g. a failing check). */
  readonly exitCode?: number;
}

export function defineCommand(spec: CommandSpec): CommandSpec {
  return spec;
}

/** The `--data-dir` option every command that reads or writes the data dir offers. */
export const DATA_DIR_OPTION: CommandOption = {
  flags: "--data-dir <path>",
  description: "data dir (default: $DAI_DATA_DIR or <project>/data)",
};

/** The data dir a command works on: `--data-dir`, else `DAI_DATA_DIR`, else `<project>/data`. */
export function commandDataDir(context: Pick<CommandContext, "options" | "env" | "cwd">): string {
  const given = context.options.dataDir;
  // A relative --data-dir means relative to where the command runs, like every other path option.
  return typeof given === "string" ? resolve(context.cwd, given) : resolveDataDir(context.env, context.cwd);
}
