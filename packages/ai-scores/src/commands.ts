import { join } from "node:path";
import {
  type CommandSpec,
  commandDataDir,
  DATA_DIR_OPTION,
  DaiError,
  defineCommand,
  formatTable,
} from "@dai/core";
import { readScoreInputs, writeSnapshot } from "./io.js";
import { loadCacheBounds } from "./manifest.js";
import { applyListQuery, parseListQuery } from "./query.js";
import { computeScores } from "./scoring.js";
import { buildSnapshot } from "./snapshot.js";
import { toSummary } from "./summary.js";

const text = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

export const scoresCommand: CommandSpec = defineCommand({
  path: ["scores"],
  summary: "AI Visibility scores of the demo dealers, ranked",
  description:
    "Computes every dealer's AI Visibility score (0–100) and Health index from the data dir's KPIs; `--json` prints the page with sparklines.",
  options: [
    { flags: "--brand <name>", description: "only this brand" },
    { flags: "--region <name>", description: "only this region" },
    {
      flags: "--sort <key>",
      description: "score, name, delta7, delta28, health or dealerId; '-' for descending (default -score)",
    },
    { flags: "--limit <count>", description: "rows to show, 1–200 (default 20)" },
    DATA_DIR_OPTION,
  ],
  examples: ["dai scores --brand Toyota --limit 10", "dai scores --sort -delta7 --json"],
  async run({ options, env, cwd, progress }) {
    const dataDir = commandDataDir({ options, env, cwd });
    const query = parseListQuery({
      brand: text(options.brand),
      region: text(options.region),
      sort: text(options.sort),
      limit: text(options.limit) ?? "20",
    });
    if (!query.ok)
      throw new DaiError("invalid_option", `--${query.field}: ${query.message}`, { field: query.field });
    progress.start("scoring");
    const { dealers, rows } = await readScoreInputs(dataDir);
    const set = computeScores(dealers, rows);
    progress.finish(`${set.dealers.length} dealers as of ${set.asOf}`);
    const page = applyListQuery(set.dealers.map(toSummary), query.value);
    if (!page.ok)
      throw new DaiError("invalid_option", `--${page.field}: ${page.message}`, { field: page.field });
    const table = formatTable(
      page.value.items.map((s) => ({
        ...s,
        delta7: s.delta7 ?? "",
        brandRank: `${s.brandRank} (${s.brandPercentile}%)`,
        regionRank: `${s.regionRank} (${s.regionPercentile}%)`,
        health: s.health ?? "",
      })),
      [
        { key: "dealerId", label: "Dealer" },
        { key: "name", label: "Name" },
        { key: "score", label: "Score", align: "right" },
        { key: "delta7", label: "Δ7d", align: "right" },
        { key: "health", label: "Health", align: "right" },
        { key: "brandRank", label: "Brand rank", align: "right" },
        { key: "regionRank", label: "Region rank", align: "right" },
      ],
    );
    return {
      data: { asOf: set.asOf, ...page.value },
      text: `AI Visibility scores as of ${set.asOf} (${page.value.total} dealers)\n${table}`,
    };
  },
});

export const scoresSnapshotCommand: CommandSpec = defineCommand({
  path: ["scores", "snapshot"],
  summary: "Write the score snapshot an edge runtime serves",
  description:
    "Versioned JSON (format dai.ai-scores.snapshot v1) with every dealer's score, history and the cache bounds.",
  options: [
    { flags: "--out <path>", description: "where to write (default <data dir>/ai-scores-snapshot.json)" },
    { flags: "--history-days <count>", description: "days of score history per dealer, 1–3660 (default 90)" },
    DATA_DIR_OPTION,
  ],
  examples: ["dai scores snapshot", "dai scores snapshot --out dist/edge/snapshot.json --history-days 28"],
  async run({ options, env, cwd }) {
    const dataDir = commandDataDir({ options, env, cwd });
    const historyText = text(options.historyDays) ?? "90";
    const historyDays = Number(historyText);
    if (!Number.isInteger(historyDays) || historyDays < 1 || historyDays > 3660) {
      throw new DaiError(
        "invalid_option",
        `--history-days: expected an integer from 1 to 3660, got "${historyText}"`,
        {
          field: "historyDays",
        },
      );
    }
    const out = text(options.out) ?? join(dataDir, "ai-scores-snapshot.json");
    const { dealers, rows } = await readScoreInputs(dataDir);
    const set = computeScores(dealers, rows);
    const snapshot = buildSnapshot({ scores: set.dealers, bounds: await loadCacheBounds(), historyDays });
    await writeSnapshot(out, snapshot);
    return {
      data: {
        path: out,
        dealers: snapshot.dealers.length,
        asOf: snapshot.asOf,
        dataVersion: snapshot.dataVersion,
      },
      text: `wrote ${out}: ${snapshot.dealers.length} dealers as of ${snapshot.asOf} (version ${snapshot.dataVersion})`,
    };
  },
});

export const scoreCommands: readonly CommandSpec[] = [scoresCommand, scoresSnapshotCommand];
