import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findProjectRoot, silentProgress } from "@dai/core";
import { seedDemoData } from "@dai/demo-data";
import { afterAll, describe, expect, it } from "vitest";
import { copilotExplainCommand, copilotMoodCommand } from "./commands.js";
import type { CopilotReply } from "./copilot.js";

const root = findProjectRoot(import.meta.dirname) as string;
const dataDir = await mkdtemp(join(tmpdir(), "dai-copilot-cli-"));
afterAll(() => rm(dataDir, { recursive: true, force: true }));
await seedDemoData({ dataDir, dealers: 6, days: 40, copilotDays: 10, endDate: "2026-06-30" });
const context = (args: string[], env: Record<string, string> = {}) =>
  ({ args, options: { dataDir }, env, cwd: root, progress: silentProgress }) as never;

describe("dai copilot", () => {
  it("explain prints a dealer's messages in its tone and mood, and names an unknown dealer", async () => {
    const result = await copilotExplainCommand.run(context(["dlr-002"]));
    const reply = result.data as CopilotReply;
    expect(reply.dealerId).toBe("dlr-002");
    expect(result.text).toContain(`tone ${reply.tone.tone}`);
    expect(result.text).toContain(`mood ${reply.mood.mood}`);
    expect(result.text?.split("\n").filter((l) => l.startsWith("- ")).length).toBe(reply.messages.length);
    await expect(copilotExplainCommand.run(context(["dlr-999"]))).rejects.toThrow(/no dealer "dlr-999"/);
    await expect(copilotExplainCommand.run(context([]))).rejects.toThrow(/dealerId: required/);
    await expect(
      copilotExplainCommand.run(context(["dlr-002"], { COPILOT_LLM_URL: "http://127.0.0.1:9" })),
    ).rejects.toThrow(/COPILOT_LLM_MODEL: required when COPILOT_LLM_URL is set/);
  });

  it("mood answers for the platform or one dealer", async () => {
    const platform = await copilotMoodCommand.run(context([]));
    expect(platform.text).toMatch(/^platform: (calm|upbeat|focused|concerned|celebratory), KPI variance/);
    const one = await copilotMoodCommand.run(context(["dlr-001"]));
    expect((one.data as { kpiVariance: number }).kpiVariance).toBeGreaterThanOrEqual(0);
  });
});
