import { scoreCommands } from "@dai/ai-scores";
import { authCommands } from "@dai/auth";
import { bundleProfilerCommands } from "@dai/bundle-profiler";
import { copilotCommands } from "@dai/copilot";
import type { CommandSpec } from "@dai/core";
import { twinCommands } from "@dai/dealer-twin";
import { seedCommand } from "@dai/demo-data";
import { eventBusCommands } from "@dai/event-bus";
import { jobCommands, vectorsUpdateCommand } from "@dai/jobs";
import { manifestCommands } from "@dai/manifest-schema";
import { notifyCommands } from "@dai/notify";
import { reportCommands, reportJob } from "@dai/report";
import { telemetryCommands } from "@dai/telemetry";
import { toneTrainerCommands } from "@dai/tone-trainer";
import { vectorsSimilarCommand } from "@dai/vector-engine";
import { doctorCommand } from "./doctor.js";

/**
 * Every `dai` subcommand. Packages own their commands and export them as `CommandSpec`s; adding a
 * package's commands is one line here.
 */
export const allCommands: readonly CommandSpec[] = [
  ...manifestCommands,
  seedCommand,
  ...authCommands,
  ...jobCommands([reportJob]),
  ...scoreCommands,
  ...twinCommands,
  ...toneTrainerCommands,
  vectorsUpdateCommand,
  vectorsSimilarCommand,
  ...bundleProfilerCommands,
  ...notifyCommands,
  ...eventBusCommands,
  ...telemetryCommands,
  ...reportCommands,
  ...copilotCommands,
  doctorCommand,
];
