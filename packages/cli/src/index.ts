export { allCommands } from "./commands.js";
export type { Check, CheckStatus } from "./doctor.js";
export { checkNodeVersion, doctorCommand, pingRedis, runDoctor } from "./doctor.js";
export type { CliIo } from "./program.js";
export { buildProgram, EXIT, runCli } from "./program.js";
