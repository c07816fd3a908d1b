#!/usr/bin/env node
import { allCommands } from "./commands.js";
import { runCli } from "./program.js";

process.exitCode = await runCli(process.argv, allCommands);
