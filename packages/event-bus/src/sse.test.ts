import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encodeSse } from "./sse.js";

interface Parsed {
  id: string;
  event: string;
  data: string;
  retry?: number;
}

// A line-by-line implementation of the WHATWG "interpret an event stream" algorithm, to check the
// encoder against the spec rather than against itself.
function parseStream(stream: string): Parsed[] {
  const out: Parsed[] = [];
  let data = "";
  let event = "";
  let id = "";
  let retry: number | undefined;
  for (const line of stream.split(/\r\n|\r|\n/)) {
    if (line === "") {
      if (data !== "" || retry !== undefined) {
        out.push({
          id,
          event: event || "message",
          data: data.endsWith("\n") ? data.slice(0, -1) : data,
          ...(retry === undefined ? {} : { retry }),
        });
      }
      data = "";
      event = "";
      retry = undefined;
      continue;
    }
    if (line.startsWith(":")) continue;
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "data") data += `${value}\n`;
    else if (field === "event") event = value;
    else if (field === "id" && !value.includes("\0")) id = value;
    else if (field === "retry" && /^\d+$/.test(value)) retry = Number(value);
  }
  return out;
}

describe("encodeSse", () => {
  it("writes id, event, retry and one data line per input line", () => {
    expect(encodeSse({ id: "7-0", event: "metric.update", data: "a\nb", retry: 1500 })).toBe(
      "retry: 1500\nid: 7-0\nevent: metric.update\ndata: a\ndata: b\n\n",
    );
  });

  it("splits CRLF, CR and LF alike and keeps empty lines and leading spaces", () => {
    const encoded = encodeSse({ data: "one\r\ntwo\rthree\n\n  four" });
    expect(encoded).toBe("data: one\ndata: two\ndata: three\ndata: \ndata:   four\n\n");
    expect(parseStream(encoded)[0]?.data).toBe("one\ntwo\nthree\n\n  four");
  });

  it("writes comments (heartbeats) that clients ignore", () => {
    expect(encodeSse({ comment: "hb" })).toBe(": hb\n\n");
    expect(parseStream(encodeSse({ comment: "hb\nsecond" }))).toEqual([]);
  });

  it("clears the last event id with an empty id", () => {
    expect(encodeSse({ id: "", event: "reset", data: "{}" })).toBe("id\nevent: reset\ndata: {}\n\n");
  });

  it("refuses ids with line breaks or NUL, event names with line breaks, and bad retry values", () => {
    expect(() => encodeSse({ id: "1\n2" })).toThrow(/id: must not contain/);
    expect(() => encodeSse({ id: "1\0" })).toThrow(/id: must not contain/);
    expect(() => encodeSse({ event: "a\rb" })).toThrow(/event:/);
    expect(() => encodeSse({ retry: -1 })).toThrow(/retry:/);
    expect(() => encodeSse({ retry: 1.5 })).toThrow(/retry:/);
  });

  it("round-trips any data, id and event through a spec parser", () => {
    const noBreak = fc.string().filter((s) => !/[\r\n\0]/.test(s));
    fc.assert(
      fc.property(
        fc.string({ unit: "grapheme" }),
        noBreak,
        noBreak.filter((s) => s !== ""),
        (data, id, event) => {
          const [parsed] = parseStream(encodeSse({ id, event, data }));
          // Line-break flavours are normalised to LF by the protocol.
          expect(parsed).toEqual({ id, event, data: data.replace(/\r\n|\r/g, "\n") });
        },
      ),
      { numRuns: 300 },
    );
  });
});
