import { copyFile, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findProjectRoot } from "@dai/core";
import { describe, expect, it } from "vitest";
import { allCommands } from "./commands.js";
import { checkNodeVersion, runDoctor } from "./doctor.js";
import { runCli } from "./program.js";

const root = findProjectRoot(import.meta.dirname) as string;
const manifestFile = join(root, "manifest", "dealershipai-hyper-optimization-manifest.json");
const legacyFile = join(root, "packages", "manifest-schema", "fixtures", "manifest-0.9.0.json");

async function dai(args: string[], env: Record<string, string> = {}) {
  let stdout = "";
  let stderr = "";
  const code = await runCli(["node", "dai", ...args], allCommands, {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    env,
    cwd: root,
  });
  return { code, stdout, stderr };
}

async function brokenManifest(edit: (doc: any) => void) {
  const doc = JSON.parse(await readFile(manifestFile, "utf8"));
  edit(doc);
  const file = join(await mkdtemp(join(tmpdir(), "dai-cli-")), "manifest.json");
  await writeFile(file, JSON.stringify(doc));
  return file;
}

describe("dai manifest validate", () => {
  it("passes on the committed manifest", async () => {
    const result = await dai(["manifest", "validate"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("valid (version 1.0.0, 15 success metrics)");
  });

  it.each([
    ["a missing system", (d: any) => delete d.systems.eventBus, "systems.eventBus: required, missing"],
    [
      "a threshold of the wrong type",
      (d: any) => (d.systems.autoProfiling.threshold = "5%"),
      'systems.autoProfiling.threshold: expected number ≥ 0, got "5%"',
    ],
    [
      "an unknown comparator",
      (d: any) => (d.systems.eventBus.successMetric.comparator = "<"),
      "systems.eventBus.successMetric.comparator: expected one of",
    ],
    [
      "a malformed cron schedule",
      (d: any) => (d.governance.monthlyReport.schedule.cron = "every month"),
      "governance.monthlyReport.schedule.cron: expected a 5-field cron expression",
    ],
  ])("fails with the JSON path on %s", async (_label, edit, expected) => {
    const file = await brokenManifest(edit);
    const result = await dai(["manifest", "validate", "--file", file]);
    expect(result.code).toBe(1);
    expect(result.stderr.split("\n")[0]).toBe(`dai manifest validate: ${file} is invalid:`);
    expect(result.stderr).toContain(expected);
  });

  it("reports a JSON syntax error by line and column", async () => {
    const file = join(await mkdtemp(join(tmpdir(), "dai-cli-")), "m.json");
    await writeFile(file, '{\n  "version": "1.0.0",\n  "name": \n}');
    const result = await dai(["manifest", "validate", "-f", file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`dai manifest validate: ${file}:4:1: unexpected "}"\n`);
  });

  it("prints a problem document with --json", async () => {
    const file = await brokenManifest((d) => (d.systems.autoProfiling.threshold = "5%"));
    const result = await dai(["manifest", "validate", "--file", file, "--json"]);
    expect(result.code).toBe(1);
    const output = JSON.parse(result.stdout);
    expect(output.error).toMatchObject({ status: 422, code: "invalid_manifest" });
    expect(output.error.errors).toContainEqual({
      path: "systems.autoProfiling.threshold",
      message: 'expected number ≥ 0, got "5%"',
    });
  });
});

describe("dai manifest show", () => {
  it("lists every success metric with its target, as a table and as JSON", async () => {
    const text = await dai(["manifest", "show"]);
    expect(text.stdout).toMatch(/Data freshness\s+< 10 min/);
    const json = await dai(["manifest", "show", "--json"]);
    expect(JSON.parse(json.stdout).successMetrics).toHaveLength(15);
  });
});

describe("dai upgrade", () => {
  it("--dry-run on a 0.x manifest prints the diff", async () => {
    const file = join(await mkdtemp(join(tmpdir(), "dai-cli-")), "legacy.json");
    await copyFile(legacyFile, file);
    const result = await dai(["upgrade", "--dry-run", "--file", file]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("would upgrade 0.9.0 → 1.0.0");
    expect(result.stdout).toContain('- systems.autoProfiling.threshold: "5%"');
    expect(result.stdout).toContain("+ systems.autoProfiling.threshold: 5");
  });
});

describe("usage", () => {
  it("exits 2 on an unknown option and 0 on --help", async () => {
    expect((await dai(["seed", "--colour"])).code).toBe(2);
    const help = await dai(["seed", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("--json");
    expect(help.stdout).toContain("Examples:");
  });
});

describe("dai doctor", () => {
  it("flags an old Node", () => {
    expect(checkNodeVersion("20.8.1").status).toBe("fail");
    expect(checkNodeVersion("20.9.0").status).toBe("ok");
    expect(checkNodeVersion("22.1.0").status).toBe("ok");
  });

  it("reports a malformed variable and an unreachable Redis as failures, naming them", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "dai-doctor-"));
    const checks = await runDoctor(
      { DAI_DATA_DIR: dataDir, SLACK_WEBHOOK_URL: "not a url", REDIS_URL: "redis://127.0.0.1:1" },
      root,
    );
    expect(checks.find((c) => c.name === "SLACK_WEBHOOK_URL")?.status).toBe("fail");
    expect(checks.find((c) => c.name === "redis")?.status).toBe("fail");
    expect(checks.find((c) => c.name === "data dir")?.detail).toContain("not seeded");
  });

  it("sees the real Redis on this machine answer", async () => {
    const checks = await runDoctor({ REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379" }, root);
    expect(checks.find((c) => c.name === "redis")).toMatchObject({ status: "ok" });
  });

  it("exits 1 when a check fails and prints the table", async () => {
    const result = await dai(["doctor"], { GITHUB_REPOSITORY: "no-slash" });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/FAIL\s+GITHUB_REPOSITORY\s+expected owner\/name/);
  });
});
