import { readScoreInputs } from "@dai/ai-scores";
import {
  type CommandSpec,
  commandDataDir,
  DATA_DIR_OPTION,
  DaiError,
  defineCommand,
  resolveManifestPath,
} from "@dai/core";
import { loadManifest } from "@dai/manifest-schema";
import { Copilot } from "./copilot.js";
import { chatAdapterFromEnv } from "./llm.js";
import { platformRows } from "./mood.js";

/** `dai copilot explain <dealerId>`: what the Copilot would tell a dealer now. */
export const copilotExplainCommand: CommandSpec = defineCommand({
  path: ["copilot", "explain"],
  summary: "Explain what changed for a dealer, in the Copilot's chosen tone and mood",
  description:
    "Reads the dealer's KPIs, AI Visibility score and twin (when built) from the data dir, picks the tone from the trained tone weights (per cluster) and the mood from the KPI trend, and prints the messages. Uses the model at COPILOT_LLM_URL when set, the templates otherwise (and when the model fails).",
  arguments: [{ name: "dealerId", description: "dealer id, e.g. dlr-001", required: true }],
  options: [DATA_DIR_OPTION],
  examples: ["dai copilot explain dlr-001", "dai copilot explain dlr-001 --json"],
  async run({ args, options, env, cwd }) {
    const dealerId = args[0];
    if (!dealerId) {
      throw new DaiError("missing_argument", "dealerId: required, e.g. `dai copilot explain dlr-001`", {
        field: "dealerId",
      });
    }
    const dataDir = commandDataDir({ options, env, cwd });
    const manifest = await loadManifest(resolveManifestPath(env, cwd));
    const { dealers, rows } = await readScoreInputs(dataDir);
    const dealer = dealers.find((d) => d.id === dealerId);
    if (!dealer) throw new DaiError("not_found", `no dealer "${dealerId}" in ${dataDir}`, { status: 404 });
    const copilot = new Copilot({ dataDir, manifest, chat: chatAdapterFromEnv(env) });
    const reply = await copilot.reply(
      dealer,
      rows.filter((r) => r.dealerId === dealerId),
    );
    const text = [
      `${reply.dealerName} (${reply.dealerId}), data through ${reply.asOf ?? "—"}: tone ${reply.tone.tone} (${reply.tone.source}${reply.tone.cluster ? ` ${reply.tone.cluster}` : ""}), mood ${reply.mood.mood} — ${reply.mood.why}`,
      ...reply.messages.map((m) => `- ${m.text}`),
      reply.generator.fallback ? `(model failed: ${reply.generator.fallback}; templates used)` : "",
    ]
      .filter(Boolean)
      .join("\n");
    return { data: reply, text };
  },
});

/** `dai copilot mood [dealerId]`: the mood the soundscape follows. */
export const copilotMoodCommand: CommandSpec = defineCommand({
  path: ["copilot", "mood"],
  summary: "Show the Copilot's mood and KPI variance (a dealer's, or the platform's)",
  arguments: [{ name: "dealerId", description: "dealer id (default: the platform)", required: false }],
  options: [DATA_DIR_OPTION],
  examples: ["dai copilot mood", "dai copilot mood dlr-001 --json"],
  async run({ args, options, env, cwd }) {
    const dataDir = commandDataDir({ options, env, cwd });
    const manifest = await loadManifest(resolveManifestPath(env, cwd));
    const { dealers, rows } = await readScoreInputs(dataDir);
    const dealerId = args[0];
    if (dealerId !== undefined && !dealers.some((d) => d.id === dealerId)) {
      throw new DaiError("not_found", `no dealer "${dealerId}" in ${dataDir}`, { status: 404 });
    }
    const series = dealerId === undefined ? platformRows(rows) : rows.filter((r) => r.dealerId === dealerId);
    const mood = new Copilot({ dataDir, manifest }).mood(series);
    return {
      data: mood,
      text: `${dealerId ?? "platform"}: ${mood.mood}, KPI variance ${mood.kpiVariance.toFixed(2)} (${mood.why})`,
    };
  },
});

/** Every command this package contributes to `dai`. */
export const copilotCommands: readonly CommandSpec[] = [copilotExplainCommand, copilotMoodCommand];
