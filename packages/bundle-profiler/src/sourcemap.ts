const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const BASE64_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < BASE64.length; i++) BASE64_VALUE[BASE64.charCodeAt(i)] = i;

/** A source map as found on disk: a plain v3 map or an index map with sections (Turbopack). */
export interface RawSourceMap {
  sources?: (string | null)[];
  mappings?: string;
  sections?: { offset: { line: number; column: number }; map: RawSourceMap }[];
}

interface Segment {
  line: number;
  column: number;
  source: string | undefined;
}

/**
 * Generated characters attributed to each original source. Every mapping segment owns the code up
 * to the next segment on its line (or the line's end); unmapped code goes to `undefined`.
 *
 * @example attributeSources("ab\ncd", { sources: ["x.js"], mappings: "AAAA" }) // Map { "x.js" => 2, undefined => 2 }
 */
export function attributeSources(code: string, map: RawSourceMap): Map<string | undefined, number> {
  const segments: Segment[] = [];
  collectSegments(map, 0, 0, segments);
  segments.sort((a, b) => a.line - b.line || a.column - b.column);
  const lineLengths = code.split("\n").map((line) => line.length);
  const totals = new Map<string | undefined, number>();
  const add = (source: string | undefined, count: number) => {
    if (count > 0) totals.set(source, (totals.get(source) ?? 0) + count);
  };
  let index = 0;
  for (let line = 0; line < lineLengths.length; line++) {
    const length = lineLengths[line] ?? 0;
    let cursor = 0;
    let owner: string | undefined;
    while (index < segments.length && (segments[index] as Segment).line < line) index++;
    while (index < segments.length && (segments[index] as Segment).line === line) {
      const segment = segments[index] as Segment;
      const column = Math.min(segment.column, length);
      add(owner, column - cursor);
      cursor = column;
      owner = segment.source;
      index++;
    }
    add(owner, length - cursor + (line < lineLengths.length - 1 ? 1 : 0));
  }
  return totals;
}

function collectSegments(map: RawSourceMap, lineOffset: number, columnOffset: number, out: Segment[]): void {
  if (Array.isArray(map.sections)) {
    for (const section of map.sections) {
      collectSegments(
        section.map,
        lineOffset + section.offset.line,
        section.offset.line === 0 ? columnOffset + section.offset.column : section.offset.column,
        out,
      );
    }
    return;
  }
  const sources = map.sources ?? [];
  const mappings = map.mappings ?? "";
  let line = 0;
  let column = 0;
  let sourceIndex = 0;
  let position = 0;
  const values: number[] = [];
  while (position <= mappings.length) {
    const char = mappings[position];
    if (char === undefined || char === ";" || char === ",") {
      if (values.length > 0) {
        column += values[0] as number;
        if (values.length >= 4) sourceIndex += values[1] as number;
        const source = values.length >= 4 ? (sources[sourceIndex] ?? undefined) : undefined;
        out.push({
          line: line + lineOffset,
          column: column + (line === 0 ? columnOffset : 0),
          source: source ?? undefined,
        });
        values.length = 0;
      }
      if (char === ";") {
        line++;
        column = 0;
      }
      position++;
      continue;
    }
    // One base64 VLQ value: 5 data bits per digit, continuation in bit 6, sign in the lowest bit.
    let result = 0;
    let shift = 0;
    let digit: number;
    do {
      digit = BASE64_VALUE[mappings.charCodeAt(position++)] ?? -1;
      if (digit < 0) throw new Error(`invalid base64 VLQ digit at mappings offset ${position - 1}`);
      result += (digit & 31) * 2 ** shift;
      shift += 5;
    } while (digit & 32);
    values.push(result % 2 === 1 ? -Math.floor(result / 2) : result / 2);
  }
}

/** Drops bundler URL schemes and `[project]/`, `../` prefixes so the same file reads the same everywhere. */
export function normalizeSource(source: string): string {
  return source
    .replace(/^[a-z]+:\/\/\/?/i, "")
    .replace(/^_N_E\//, "")
    .replace(/^\[project\]\//, "")
    .replace(/^(\.\.?\/)+/, "");
}

/**
 * The npm package a source path belongs to and the copy it came from (its pnpm/npm install dir,
 * with the version when the path carries one), or `undefined` for first-party code.
 *
 * @example packageOf("node_modules/.pnpm/react@19.3.1/node_modules/react/index.js") // { name: "react", copy: "19.3.1" }
 */
export function packageOf(source: string): { name: string; copy: string } | undefined {
  const at = source.lastIndexOf("node_modules/");
  if (at < 0) return undefined;
  const parts = source.slice(at + "node_modules/".length).split("/");
  const first = parts[0] ?? "";
  const name = first.startsWith("@") ? `${first}/${parts[1] ?? ""}` : first;
  if (!name) return undefined;
  const pnpm = /node_modules\/\.pnpm\/([^/]+)\/node_modules\/$/.exec(
    source.slice(0, at + "node_modules/".length),
  );
  if (pnpm?.[1]) {
    const dir = pnpm[1];
    const prefix = `${name.replace("/", "+")}@`;
    const version = dir.startsWith(prefix) ? (dir.slice(prefix.length).split("_")[0] ?? dir) : dir;
    return { name, copy: version };
  }
  return { name, copy: source.slice(0, at) || "node_modules" };
}
