import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type CommandContext, mulberry32, silentProgress } from "@dai/core";
import { type CopilotEvent, generateCopilotEvents, generateDealers } from "@dai/demo-data";
import { afterAll } from "vitest";

export const projectManifestPath = fileURLToPath(
  new URL("../../../../manifest/dealershipai-hyper-optimization-manifest.json", import.meta.url),
);

/** The demo's own events and dealers, small: 30 dealers × 60 days. */
export function demoEvents(
  dealerCount = 30,
  days = 60,
  seed = 7,
): { events: CopilotEvent[]; dealers: ReturnType<typeof generateDealers> } {
  const dealers = generateDealers(mulberry32(seed), dealerCount);
  const lastDay = Math.floor(Date.UTC(2026, 5, 30) / 86_400_000);
  return { dealers, events: generateCopilotEvents(dealers, lastDay, days, seed) };
}

const created: string[] = [];
// Each test file evaluates this module afresh, so this removes that file's temp dirs when it ends.
afterAll(async () => {
  await Promise.all(created.map((dir) => rm(dir, { recursive: true, force: true })));
});

export async function tempDir(prefix = "dai-tone-"): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

/** Writes events as the demo does: a JSON array, one event per line. */
export function asDemoArray(events: readonly unknown[]): string {
  return `[\n${events.map((event) => JSON.stringify(event)).join(",\n")}\n]\n`;
}

export function asNdjson(events: readonly unknown[]): string {
  return `${events.map((event) => JSON.stringify(event)).join("\n")}\n`;
}

/** A copy of the project manifest with the tone algorithm edited. */
export async function manifestWith(dir: string, algorithm: Record<string, unknown>): Promise<string> {
  const document = JSON.parse(await readFile(projectManifestPath, "utf8"));
  Object.assign(document.scripts.trainToneModel.algorithm, algorithm);
  const path = join(dir, "manifest.json");
  await writeFile(path, JSON.stringify(document));
  return path;
}

export function commandContext(
  options: Record<string, string | boolean>,
  env: Record<string, string | undefined> = {},
): CommandContext {
  return {
    args: [],
    options,
    json: true,
    progress: silentProgress,
    cwd: process.cwd(),
    env: { MANIFEST_PATH: projectManifestPath, ...env },
  };
}
