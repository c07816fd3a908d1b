import { readFileSync } from "node:fs";
import {
  type CommandContext,
  type CommandSpec,
  createProgress,
  DaiError,
  isUserError,
  silentProgress,
  toProblem,
} from "@dai/core";
import { Command, CommanderError, Option } from "commander";

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
  cwd: string;
}

const defaultIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  cwd: process.cwd(),
};

/** Exit codes: 0 ok, 1 the command failed or found problems, 2 usage error, 70 internal error (sysexits). */
export const EXIT = { ok: 0, failed: 1, usage: 2, internal: 70 } as const;

const version = (
  JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }
).version;

/**
 * Builds the `dai` program from command specs. Every command gets `--json` and `--help`; results print
 * as text or JSON; failures print one reason line (plus located details) and set the exit code.
 */
export function buildProgram(
  specs: readonly CommandSpec[],
  io: CliIo = defaultIo,
  setExitCode: (code: number) => void = () => {},
): Command {
  const program = new Command("dai")
    .description("DealershipAI hyper-optimization: manifest, demo data, jobs and checks")
    .version(version, "-v, --version")
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride();

  for (const spec of specs) {
    let parent = program;
    for (const word of spec.path.slice(0, -1)) {
      parent =
        parent.commands.find((c) => c.name() === word) ??
        parent.command(word).description(`${word} commands`).exitOverride();
    }
    const command = parent
      .command(spec.path.at(-1) as string)
      .summary(spec.summary)
      .description(spec.description ? `${spec.summary}\n\n${spec.description}` : spec.summary)
      .exitOverride()
      .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
      .addOption(new Option("--json", "print the result as JSON"));
    for (const argument of spec.arguments ?? []) {
      command.argument(argument.required ? `<${argument.name}>` : `[${argument.name}]`, argument.description);
    }
    for (const option of spec.options ?? [])
      command.option(option.flags, option.description, option.defaultValue);
    if (spec.examples?.length)
      command.addHelpText("after", `\nExamples:\n${spec.examples.map((e) => `  $ ${e}`).join("\n")}`);
    command.action(async (...actionArgs: unknown[]) => {
      const self = actionArgs.at(-1) as Command;
      const options = self.opts() as Record<string, string | boolean | undefined>;
      const json = options.json === true;
      const context: CommandContext = {
        args: self.args,
        options,
        json,
        progress: json ? silentProgress : createProgress(),
        cwd: io.cwd,
        env: io.env,
      };
      try {
        const result = await spec.run(context);
        io.stdout(
          json
            ? `${JSON.stringify(result.data, null, 2)}\n`
            : `${result.text ?? JSON.stringify(result.data, null, 2)}\n`,
        );
        setExitCode(result.exitCode ?? EXIT.ok);
      } catch (error) {
        reportFailure(error, spec, json, io);
        setExitCode(isUserError(error) ? EXIT.failed : EXIT.internal);
      }
    });
  }
  return program;
}

function reportFailure(error: unknown, spec: CommandSpec, json: boolean, io: CliIo): void {
  const name = `dai ${spec.path.join(" ")}`;
  if (json) {
    io.stdout(`${JSON.stringify({ error: toProblem(error) }, null, 2)}\n`);
    if (!isUserError(error)) io.stderr(`${name}: ${describeInternal(error)}\n`);
    return;
  }
  io.stderr(
    isUserError(error)
      ? `${name}: ${error.message}\n`
      : `${name}: internal error: ${describeInternal(error)}\n`,
  );
}

function describeInternal(error: unknown): string {
  if (error instanceof DaiError) return error.message;
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

/** Runs the CLI and resolves to its exit code. */
export async function runCli(
  argv: readonly string[],
  specs: readonly CommandSpec[],
  io: CliIo = defaultIo,
): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = buildProgram(specs, io, (code) => {
    exitCode = code;
  });
  if (argv.length <= 2) {
    io.stdout(program.helpInformation());
    return EXIT.ok;
  }
  try {
    await program.parseAsync(argv as string[]);
  } catch (error) {
    if (error instanceof CommanderError) {
      const benign = ["commander.helpDisplayed", "commander.version", "commander.help"].includes(error.code);
      return benign ? EXIT.ok : EXIT.usage;
    }
    throw error;
  }
  return exitCode;
}
