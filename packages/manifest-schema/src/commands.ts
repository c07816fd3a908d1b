import {
  type CommandContext,
  type CommandSpec,
  defineCommand,
  formatTable,
  resolveManifestPath,
  writeFileAtomic,
} from "@dai/core";
import { listSuccessMetrics } from "./accessors.js";
import { diffJson, formatDiff } from "./diff.js";
import { invalidManifest, readManifestDocument, validateManifest } from "./load.js";
import { upgradeManifest } from "./migrations.js";

const fileOption = {
  flags: "-f, --file <path>",
  description: "manifest file (default: $MANIFEST_PATH or the project's manifest)",
};

const fileOf = ({ options, env, cwd }: CommandContext) =>
  typeof options.file === "string" ? options.file : resolveManifestPath(env, cwd);

export const manifestValidateCommand = defineCommand({
  path: ["manifest", "validate"],
  summary: "Check the manifest against its schema; every problem is listed with its JSON path",
  options: [fileOption],
  examples: ["dai manifest validate", "dai manifest validate --file old.json --json"],
  async run(context) {
    const { path, document } = await readManifestDocument(fileOf(context));
    const result = validateManifest(document);
    if (!result.ok) throw invalidManifest(result.problems, path);
    const metrics = listSuccessMetrics(result.manifest).length;
    return {
      data: { valid: true, path, version: result.manifest.version, successMetrics: metrics },
      text: `${path}: valid (version ${result.manifest.version}, ${metrics} success metrics)`,
    };
  },
});

export const manifestShowCommand = defineCommand({
  path: ["manifest", "show"],
  summary: "Show the manifest's success metrics and their targets as a table",
  options: [fileOption],
  async run(context) {
    const { path, document } = await readManifestDocument(fileOf(context));
    const result = validateManifest(document);
    if (!result.ok) throw invalidManifest(result.problems, path);
    const metrics = listSuccessMetrics(result.manifest);
    const table = formatTable(metrics, [
      { key: "owner", label: "Owner" },
      { key: "name", label: "Success metric" },
      { key: "targetLabel", label: "Target", align: "right" },
      { key: "id", label: "Id" },
    ]);
    return {
      data: { path, version: result.manifest.version, successMetrics: metrics },
      text: `${result.manifest.name} ${result.manifest.version}\n\n${table}`,
    };
  },
});

export const upgradeCommand = defineCommand({
  path: ["upgrade"],
  summary: "Migrate the manifest to the current version, step by step",
  options: [fileOption, { flags: "--dry-run", description: "print the changes without writing the file" }],
  examples: ["dai upgrade --dry-run", "dai upgrade --file legacy-manifest.json"],
  async run(context) {
    const { options } = context;
    const { path, document, text } = await readManifestDocument(fileOf(context));
    const upgrade = upgradeManifest(document);
    const changes = diffJson(document, upgrade.document);
    const dryRun = options.dryRun === true;
    if (upgrade.applied.length > 0) {
      const result = validateManifest(upgrade.document);
      if (!result.ok)
        throw invalidManifest(result.problems, `${path} after migrating to ${upgrade.toVersion}`);
      if (!dryRun) {
        const indent = /^\{\n( +)"/.exec(text)?.[1]?.length ?? 2;
        await writeFileAtomic(path, `${JSON.stringify(upgrade.document, null, indent)}\n`);
      }
    }
    const steps = upgrade.applied.map((s) => `${s.from} → ${s.to}: ${s.description}`);
    const headline =
      upgrade.applied.length === 0
        ? `${path}: already at ${upgrade.fromVersion}, nothing to do`
        : `${path}: ${dryRun ? "would upgrade" : "upgraded"} ${upgrade.fromVersion} → ${upgrade.toVersion} (${changes.length} changes)`;
    return {
      data: {
        path,
        dryRun,
        fromVersion: upgrade.fromVersion,
        toVersion: upgrade.toVersion,
        applied: upgrade.applied,
        changes,
      },
      text: [
        headline,
        ...steps.map((s) => `  ${s}`),
        ...(changes.length > 0 ? ["", formatDiff(changes)] : []),
      ].join("\n"),
    };
  },
});

/** The `dai` subcommands this package owns. */
export const manifestCommands: readonly CommandSpec[] = [
  manifestValidateCommand,
  manifestShowCommand,
  upgradeCommand,
];
