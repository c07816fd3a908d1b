import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  appendDurably,
  readDurableLog,
  writeFileAtomic,
  writeJsonAtomic,
  writeNdjsonAtomic,
} from "./atomic.js";

async function tempDir() {
  return mkdtemp(join(tmpdir(), "dai-core-"));
}

describe("atomic writes", () => {
  it("replaces an existing file and leaves no temp file behind", async () => {
    const dir = await tempDir();
    const path = join(dir, "report.json");
    await writeFile(path, "old");
    await writeJsonAtomic(path, { a: 1 });
    expect(await readFile(path, "utf8")).toBe('{\n  "a": 1\n}\n');
    expect(await readdir(dir)).toEqual(["report.json"]);
  });

  it("creates missing parent directories", async () => {
    const dir = await tempDir();
    const path = join(dir, "nested", "deeper", "x.txt");
    await writeFileAtomic(path, "hello");
    expect(await readFile(path, "utf8")).toBe("hello");
  });

  it("keeps the previous file when producing the rows fails midway", async () => {
    const dir = await tempDir();
    const path = join(dir, "rows.ndjson");
    await writeFile(path, "previous\n");
    function* rows() {
      yield { n: 1 };
      throw new Error("generator broke");
    }
    await expect(writeNdjsonAtomic(path, rows())).rejects.toThrow("generator broke");
    expect(await readFile(path, "utf8")).toBe("previous\n");
    expect(await readdir(dir)).toEqual(["rows.ndjson"]);
  });

  it("streams many NDJSON rows and counts them", async () => {
    const dir = await tempDir();
    const path = join(dir, "many.ndjson");
    async function* rows() {
      for (let i = 0; i < 20_000; i++) yield { i, label: `row-${i}` };
    }
    expect(await writeNdjsonAtomic(path, rows())).toBe(20_000);
    const lines = (await readFile(path, "utf8")).trimEnd().split("\n");
    expect(lines).toHaveLength(20_000);
    expect(JSON.parse(lines[19_999] as string)).toEqual({ i: 19_999, label: "row-19999" });
  });
});

describe("durable appends", () => {
  it("creates the file and its directories, then appends after what is there", async () => {
    const path = join(await tempDir(), "nested", "log.ndjson");
    await appendDurably(path, '{"n":1}\n');
    await appendDurably(path, '{"n":2}\n{"n":3}\n');
    expect(await readFile(path, "utf8")).toBe('{"n":1}\n{"n":2}\n{"n":3}\n');
  });

  it("runs concurrent appends to one file one at a time in call order, and reads wait for them", async () => {
    const path = join(await tempDir(), "log.ndjson");
    // Lines over 1 MB: a single append is written in several chunks, which would interleave.
    const pad = "x".repeat(1_200_000);
    const appends = Array.from({ length: 8 }, (_, n) =>
      appendDurably(path, `${JSON.stringify({ n, pad })}\n`),
    );
    const read = readDurableLog<{ n: number }>(path);
    await Promise.all(appends);
    expect((await read).map((r) => r.n)).toEqual(Array.from({ length: 8 }, (_, n) => n));
  });

  it("ends a line torn by a crash so the next record starts on its own line", async () => {
    const path = join(await tempDir(), "log.ndjson");
    await writeFile(path, '{"n":1}\n{"n":2,"tor');
    await appendDurably(path, '{"n":3}\n');
    const lines = (await readFile(path, "utf8")).split("\n");
    expect(lines).toEqual(['{"n":1}', '{"n":2,"tor', '{"n":3}', ""]);
  });
});

describe("durable log reads", () => {
  it("reads every record oldest first, skipping a line torn by a crash, and none from a missing log", async () => {
    const dir = await tempDir();
    const path = join(dir, "log.ndjson");
    expect(await readDurableLog(path)).toEqual([]);
    await writeFile(path, '{"n":1}\n{"n":2,"to');
    await appendDurably(path, '{"n":3}\n\n');
    expect(await readDurableLog(path)).toEqual([{ n: 1 }, { n: 3 }]);
  });
});
