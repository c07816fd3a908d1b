import { DaiError } from "@dai/core";

/** One element of the input: its parsed JSON or why it does not parse, and where it sits. */
export type InputRecord =
  | { readonly value: unknown; readonly location: string; readonly problem?: undefined }
  | { readonly problem: string; readonly location: string; readonly value?: undefined };

/**
 * Reads Copilot events from text chunks without holding the input: NDJSON (one event per line) or
 * a JSON array in any layout (the demo writes one element per line). The format is decided by the
 * first non-blank character. Locations are `line N` for NDJSON and `line N (index i)` for arrays.
 *
 * @example for await (const record of readJsonRecords(createReadStream(path, "utf8"))) …
 */
export async function* readJsonRecords(
  chunks: AsyncIterable<string | Uint8Array>,
): AsyncGenerator<InputRecord> {
  const decoder = new TextDecoder();
  let mode: "unknown" | "ndjson" | "array" = "unknown";
  const ndjson = new NdjsonSplitter();
  const array = new ArraySplitter();
  for await (const chunk of chunks) {
    const text = typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true });
    if (mode === "unknown") {
      const first = /\S/.exec(text);
      if (!first) {
        ndjson.leading(text);
        continue;
      }
      mode = first[0] === "[" ? "array" : "ndjson";
      if (mode === "array") {
        array.skipLines(ndjson.linesSoFar());
      }
    }
    if (mode === "ndjson") yield* ndjson.push(text);
    else yield* array.push(text);
  }
  if (mode === "ndjson") yield* ndjson.end();
  else if (mode === "array") yield* array.end();
}

function parse(text: string, location: string): InputRecord {
  try {
    return { value: JSON.parse(text), location };
  } catch (error) {
    return { problem: `invalid JSON: ${(error as Error).message}`, location };
  }
}

class NdjsonSplitter {
  #carry = "";
  #line = 0;
  #blank = 0;

  leading(text: string): void {
    for (const char of text) if (char === "\n") this.#blank++;
  }
  linesSoFar(): number {
    return this.#blank;
  }

  *push(text: string): Generator<InputRecord> {
    let start = 0;
    if (this.#line === 0) this.#line = this.#blank;
    for (let end = text.indexOf("\n"); end !== -1; end = text.indexOf("\n", start)) {
      const line = this.#carry === "" ? text.slice(start, end) : this.#carry + text.slice(start, end);
      this.#carry = "";
      this.#line++;
      start = end + 1;
      if (line.trim() !== "") yield parse(line, `line ${this.#line}`);
    }
    this.#carry += text.slice(start);
  }

  *end(): Generator<InputRecord> {
    this.#line++;
    if (this.#carry.trim() !== "") yield parse(this.#carry, `line ${this.#line}`);
    this.#carry = "";
  }
}

const WHITESPACE = new Set([" ", "\t", "\r", "\n"]);

/** Splits a top-level JSON array into element texts, tracking strings and nesting. */
class ArraySplitter {
  #line = 1;
  #started = false;
  #ended = false;
  #depth = 0;
  #inString = false;
  #escape = false;
  #element = "";
  #elementLine = 0;
  #index = 0;
  #trailing = false;

  skipLines(lines: number): void {
    this.#line += lines;
  }

  *push(text: string): Generator<InputRecord> {
    // Mid-element (possibly mid-string) at a chunk boundary: the element goes on from the first char.
    let segment = this.#element === "" ? -1 : 0;
    for (let i = 0; i < text.length; i++) {
      const c = text[i] as string;
      if (c === "\n") this.#line++;
      if (!this.#started) {
        if (c === "[") {
          this.#started = true;
          this.#depth = 1;
        }
        continue;
      }
      if (this.#ended) {
        if (!WHITESPACE.has(c) && !this.#trailing) {
          this.#trailing = true;
          yield { problem: "unexpected content after the closing ]", location: `line ${this.#line}` };
        }
        continue;
      }
      if (this.#inString) {
        if (this.#escape) this.#escape = false;
        else if (c === "\\") this.#escape = true;
        else if (c === '"') this.#inString = false;
        continue;
      }
      if (this.#depth === 1 && (c === "," || c === "]")) {
        if (segment !== -1) this.#element += text.slice(segment, i);
        segment = -1;
        yield* this.#emit(c === "]");
        if (c === "]") this.#ended = true;
        continue;
      }
      if (segment === -1) {
        if (WHITESPACE.has(c) && this.#depth === 1 && this.#element === "") continue;
        if (this.#element === "") this.#elementLine = this.#line;
        segment = i;
      }
      if (c === '"') this.#inString = true;
      else if (c === "{" || c === "[") this.#depth++;
      else if (c === "}" || c === "]") this.#depth--;
    }
    if (segment !== -1) this.#element += text.slice(segment);
  }

  *#emit(closing: boolean): Generator<InputRecord> {
    const text = this.#element;
    this.#element = "";
    if (text.trim() === "") {
      // "[]" and a trailing "]" after the last element are fine; ",," is not.
      if (closing) return;
      yield { problem: "empty array element", location: `line ${this.#line} (index ${this.#index++})` };
      return;
    }
    yield parse(text, `line ${this.#elementLine} (index ${this.#index++})`);
  }

  *end(): Generator<InputRecord> {
    if (!this.#ended) {
      if (this.#element.trim() !== "") yield* this.#emit(true);
      yield {
        problem: "unexpected end of input: the JSON array is not closed",
        location: `line ${this.#line}`,
      };
    }
  }
}

/** A `DaiError` for the first problem in strict mode. */
export function malformedEventError(source: string, location: string, problem: string): DaiError {
  return new DaiError("malformed_event", `${source} ${location}: ${problem}`, {
    status: 422,
    details: [{ path: location, message: problem }],
  });
}
