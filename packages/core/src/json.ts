import { DaiError } from "./errors.js";

/**
 * `JSON.parse` whose error names the line and column, so a hand-edited file can be fixed.
 *
 * @example parseJson(text, "manifest.json") // throws DaiError("invalid_json", "manifest.json:3:8: unexpected 'o' …")
 */
export function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    // V8's message has no position on every Node version, so locate the error with a scanner.
    const { offset, reason } = locateJsonError(text);
    const { line, column } = lineAndColumn(text, offset);
    throw new DaiError("invalid_json", `${source}:${line}:${column}: ${reason}`, {
      details: [{ path: `line ${line}`, message: reason }],
      cause: error,
    });
  }
}

/** 1-based line and column of a character offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

class ScanError extends Error {
  constructor(
    readonly offset: number,
    reason: string,
  ) {
    super(reason);
  }
}

/** Finds the offset of the first syntax error in invalid JSON text (RFC 8259 grammar). */
function locateJsonError(text: string): { offset: number; reason: string } {
  let i = 0;
  const fail = (reason?: string): never => {
    if (i >= text.length) throw new ScanError(i, reason ?? "unexpected end of input");
    throw new ScanError(i, reason ?? `unexpected ${JSON.stringify(text[i])}`);
  };
  const skipSpace = () => {
    while (i < text.length && " \t\n\r".includes(text[i] as string)) i++;
  };
  const expect = (char: string) => {
    if (text[i] !== char)
      fail(
        `expected ${JSON.stringify(char)}, found ${i < text.length ? JSON.stringify(text[i]) : "end of input"}`,
      );
    i++;
  };
  const string = () => {
    expect('"');
    while (i < text.length && text[i] !== '"') {
      const code = text.charCodeAt(i);
      if (code < 0x20) fail("control character in string");
      if (text[i] === "\\") {
        i++;
        if (text[i] === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail("invalid \\u escape");
          i += 5;
          continue;
        }
        if (!'"\\/bfnrt'.includes(text[i] ?? "x")) fail("invalid escape");
      }
      i++;
    }
    expect('"');
  };
  const value = (): void => {
    skipSpace();
    const char = text[i];
    if (char === "{") {
      i++;
      skipSpace();
      if (text[i] === "}") {
        i++;
        return;
      }
      for (;;) {
        skipSpace();
        string();
        skipSpace();
        expect(":");
        value();
        skipSpace();
        if (text[i] === ",") i++;
        else {
          expect("}");
          return;
        }
      }
    }
    if (char === "[") {
      i++;
      skipSpace();
      if (text[i] === "]") {
        i++;
        return;
      }
      for (;;) {
        value();
        skipSpace();
        if (text[i] === ",") i++;
        else {
          expect("]");
          return;
        }
      }
    }
    if (char === '"') {
      string();
      return;
    }
    const literal = /^(true|false|null|-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?)/.exec(text.slice(i, i + 400));
    if (!literal) fail();
    i += (literal as RegExpExecArray)[0].length;
  };
  try {
    value();
    skipSpace();
    if (i < text.length) fail("unexpected content after the JSON value");
    return { offset: text.length, reason: "invalid JSON" };
  } catch (error) {
    if (error instanceof ScanError) return { offset: error.offset, reason: error.message };
    throw error;
  }
}
