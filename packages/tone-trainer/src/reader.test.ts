import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { type InputRecord, readJsonRecords } from "./reader.js";

async function records(text: string, chunkSize = text.length): Promise<InputRecord[]> {
  const chunks: string[] = [];
  for (let i = 0; i < text.length; i += chunkSize) chunks.push(text.slice(i, i + chunkSize));
  const out: InputRecord[] = [];
  for await (const record of readJsonRecords(Readable.from(chunks))) out.push(record);
  return out;
}

const a = { tone: "friendly", note: 'a "quoted" ] , } [ string\\' };
const b = { tone: "concise", nested: { list: [1, 2, { x: "]" }] } };

describe("readJsonRecords", () => {
  it("splits the demo's one-event-per-line array at any chunk boundary, with line and index", async () => {
    const text = `[\n${JSON.stringify(a)},\n${JSON.stringify(b)}\n]\n`;
    for (const size of [1, 2, 3, 7, 16, 64, text.length]) {
      const out = await records(text, size);
      expect(out.map((r) => r.value)).toEqual([a, b]);
      expect(out.map((r) => r.location)).toEqual(["line 2 (index 0)", "line 3 (index 1)"]);
    }
  });

  it("reads a pretty-printed array and an empty one", async () => {
    expect((await records(JSON.stringify([a, b], null, 2), 5)).map((r) => r.value)).toEqual([a, b]);
    expect(await records("  [ ]  \n")).toEqual([]);
  });

  it("reads NDJSON, skipping blank lines, numbering lines from 1 across chunk boundaries", async () => {
    const text = `\n${JSON.stringify(a)}\n\n${JSON.stringify(b)}`;
    for (const size of [1, 4, text.length]) {
      const out = await records(text, size);
      expect(out.map((r) => r.value)).toEqual([a, b]);
      expect(out.map((r) => r.location)).toEqual(["line 2", "line 4"]);
    }
  });

  it("reports a broken NDJSON line with its number and keeps reading", async () => {
    const out = await records(`${JSON.stringify(a)}\n{"tone": oops}\n${JSON.stringify(b)}\n`, 10);
    expect(out[1]?.problem).toMatch(/invalid JSON/);
    expect(out[1]?.location).toBe("line 2");
    expect(out[2]?.value).toEqual(b);
  });

  it("reports a broken array element, an empty element and an unclosed array", async () => {
    const out = await records(`[\n${JSON.stringify(a)},\n{"tone":},\n,\n${JSON.stringify(b)}\n`);
    expect(out.map((r) => [r.location, r.problem === undefined])).toEqual([
      ["line 2 (index 0)", true],
      ["line 3 (index 1)", false],
      ["line 4 (index 2)", false],
      ["line 5 (index 3)", true],
      ["line 6", false],
    ]);
    expect(out[4]?.problem).toMatch(/not closed/);
  });

  it("reads bytes split inside a multi-byte character", async () => {
    const bytes = new TextEncoder().encode(`${JSON.stringify({ tone: "enthusiastic", note: "très ✓" })}\n`);
    const chunks = Array.from(bytes, (byte) => Uint8Array.of(byte));
    const out: InputRecord[] = [];
    for await (const record of readJsonRecords(Readable.from(chunks))) out.push(record);
    expect(out[0]?.value).toEqual({ tone: "enthusiastic", note: "très ✓" });
  });
});
