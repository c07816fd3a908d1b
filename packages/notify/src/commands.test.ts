import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type CommandContext, silentProgress } from "@dai/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeGitHub } from "./__tests__/fake-github.js";
import { perfNotifyCommand, readNotices } from "./commands.js";

const TOKEN = "ghs_command_secret";
let dir: string;
let github: FakeGitHub;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "notify-cmd-"));
  github = await new FakeGitHub(TOKEN).start();
});

afterEach(async () => {
  await github.stop();
  await rm(dir, { recursive: true, force: true });
});

const notices = {
  scopes: ["bundle:"],
  resolvedBy: "abc123",
  regressions: [{ key: "bundle:web:/", title: "Bundle regression: web /", body: "grew" }],
  summary: {
    title: "Hyper Performance Check",
    status: "regression",
    apps: [],
    regressions: [{ key: "bundle:web:/", message: "web /: +9 kB" }],
  },
};

function context(options: CommandContext["options"], env: Record<string, string>): CommandContext {
  return { args: [], options, json: true, progress: silentProgress, cwd: dir, env };
}

describe("dai perf notify", () => {
  it("files the issues from data/perf-notices.json and reports each channel", async () => {
    await writeFile(join(dir, "perf-notices.json"), JSON.stringify(notices));
    const env = { GITHUB_TOKEN: TOKEN, GITHUB_REPOSITORY: "acme/web", GITHUB_API_URL: github.url };
    const result = await perfNotifyCommand.run(context({ dataDir: dir }, env));
    expect(result.text).toContain("GitHub issues: sent — 1 opened, 0 updated, 0 closed");
    expect(result.text).toContain("Slack: skipped (SLACK_WEBHOOK_URL not set)");
    expect(github.issues).toHaveLength(1);
    expect(result.exitCode ?? 0).toBe(0);
    expect(JSON.stringify(result.data)).not.toContain(TOKEN);
  });

  it("names the bad field of a malformed notices file", async () => {
    const path = join(dir, "bad.json");
    await writeFile(path, JSON.stringify({ ...notices, regressions: [{ key: "k", title: 3, body: "b" }] }));
    await expect(readNotices(path)).rejects.toThrow(/regressions\[0\]\.title/);
    await expect(readNotices(join(dir, "missing.json"))).rejects.toThrow(/dai bundle compare/);
  });

  it("rejects a non-numeric --pr", async () => {
    await writeFile(join(dir, "perf-notices.json"), JSON.stringify(notices));
    await expect(perfNotifyCommand.run(context({ dataDir: dir, pr: "abc" }, {}))).rejects.toThrow(/--pr/);
  });
});
