import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { loadEnv } from "./env.js";
import { DaiError, toProblem } from "./errors.js";
import { parseJson } from "./json.js";
import { createLogger } from "./logger.js";
import { findProjectRoot, resolveDataDir, resolveManifestPath } from "./paths.js";
import { mulberry32 } from "./random.js";

describe("parseJson", () => {
  it("names the source, line and column of a syntax error", () => {
    const text = '{\n  "a": 1,\n  "b": oops\n}';
    expect(() => parseJson(text, "m.json")).toThrow(/^m\.json:3:8: /);
  });

  it("returns the parsed value for valid JSON", () => {
    expect(parseJson('{"a":[1,2]}', "x")).toEqual({ a: [1, 2] });
  });
});

describe("loadEnv", () => {
  const schema = z.object({
    PORT: z.coerce.number().int().min(1).max(65535).default(8787),
    SLACK_WEBHOOK_URL: z.url().optional(),
  });

  it("applies defaults and treats empty strings as unset", () => {
    expect(loadEnv(schema, { PORT: "" })).toEqual({ PORT: 8787 });
  });

  it("names every bad variable and hides secret values", () => {
    let caught: unknown;
    try {
      loadEnv(schema, { PORT: "99999", SLACK_WEBHOOK_URL: "hooks.slack.com/T000/secret" });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DaiError);
    const message = (caught as DaiError).message;
    expect(message).toContain("PORT:");
    expect(message).toContain('got "99999"');
    expect(message).toContain("SLACK_WEBHOOK_URL:");
    expect(message).not.toContain("T000/secret");
  });
});

describe("toProblem", () => {
  it("maps a DaiError to its status and message", () => {
    const problem = toProblem(
      new DaiError("invalid_query", "limit: expected integer", { status: 400 }),
      "/x",
    );
    expect(problem).toMatchObject({
      status: 400,
      code: "invalid_query",
      detail: "limit: expected integer",
      instance: "/x",
    });
  });

  it("never exposes the message of an unexpected error", () => {
    const problem = toProblem(new Error("connection string postgres://u:p@h"));
    expect(problem.status).toBe(500);
    expect(JSON.stringify(problem)).not.toContain("postgres://");
  });
});

describe("logger", () => {
  it("writes one JSON line per call and redacts secret-named fields", () => {
    const lines: string[] = [];
    const logger = createLogger({ write: (l) => lines.push(l), fields: { service: "t" } });
    logger.info("hello", { apiToken: "abc", port: 1 });
    logger.debug("hidden at info level");
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string)).toMatchObject({
      level: "info",
      msg: "hello",
      service: "t",
      apiToken: "[redacted]",
      port: 1,
    });
  });

  it("redacts secret-named fields at any depth and flattens errors, on lines with and without nesting", () => {
    const lines: string[] = [];
    const logger = createLogger({ write: (l) => lines.push(l) });
    logger.info("flat", { method: "GET", status: 200, password: "p4ss" });
    logger.info("nested", {
      request: { path: "/x", authorization: "Bearer dai_x" },
      error: new Error("boom"),
    });
    logger.info("plain", { method: "GET", path: "/healthz", status: 200, ok: true, missing: undefined });
    const [flat, nested, plain] = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(flat).toMatchObject({ method: "GET", status: 200, password: "[redacted]" });
    expect(nested).toMatchObject({
      request: { path: "/x", authorization: "[redacted]" },
      error: { message: "boom" },
    });
    expect(plain).toEqual({
      time: expect.any(String),
      level: "info",
      msg: "plain",
      method: "GET",
      path: "/healthz",
      status: 200,
      ok: true,
    });
    expect(lines.join("\n")).not.toMatch(/p4ss|dai_x/);
  });
});

describe("paths", () => {
  it("finds the project root from a nested folder and puts data/ there", async () => {
    const root = await mkdtemp(join(tmpdir(), "dai-root-"));
    await mkdir(join(root, "manifest"));
    await writeFile(join(root, "manifest", "dealershipai-hyper-optimization-manifest.json"), "{}");
    const nested = join(root, "packages", "cli");
    await mkdir(nested, { recursive: true });
    expect(findProjectRoot(nested)).toBe(root);
    expect(resolveDataDir({}, nested)).toBe(join(root, "data"));
    expect(resolveDataDir({ DAI_DATA_DIR: "/srv/dai" }, nested)).toBe("/srv/dai");
    expect(
      resolveManifestPath({ MANIFEST_PATH: "dealershipai-hyper-optimization-manifest.json" }, nested),
    ).toBe(join(root, "manifest", "dealershipai-hyper-optimization-manifest.json"));
  });
});

describe("mulberry32", () => {
  it("repeats the same sequence for the same seed and differs for another", () => {
    const a = mulberry32(7);
    const b = mulberry32(7);
    const c = mulberry32(8);
    const seqA = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(seqA);
    expect([c(), c(), c()]).not.toEqual(seqA);
    expect(seqA.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});
