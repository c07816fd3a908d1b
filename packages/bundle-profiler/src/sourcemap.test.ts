import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { attributeSources, normalizeSource, packageOf } from "./sourcemap.js";

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
function vlq(value: number): string {
  let v = value < 0 ? (-value << 1) | 1 : value << 1;
  let out = "";
  do {
    let digit = v & 31;
    v >>>= 5;
    if (v > 0) digit |= 32;
    out += B64[digit];
  } while (v > 0);
  return out;
}

/** Encodes one line of segments [column, sourceIndex] the way bundlers do (deltas). */
function encodeLine(segments: [number, number][], state: { source: number }): string {
  let column = 0;
  return segments
    .map(([col, src]) => {
      const text = vlq(col - column) + vlq(src - state.source) + vlq(0) + vlq(0);
      column = col;
      state.source = src;
      return text;
    })
    .join(",");
}

describe("attributeSources", () => {
  it("gives each segment the code up to the next one, newlines to the line's last owner", () => {
    const code = "aaabbb\ncc";
    const state = { source: 0 };
    const mappings = `${encodeLine(
      [
        [0, 0],
        [3, 1],
      ],
      state,
    )};${encodeLine([[0, 0]], state)}`;
    const result = attributeSources(code, { sources: ["a.js", "b.js"], mappings });
    expect(Object.fromEntries(result)).toEqual({ "a.js": 3 + 2, "b.js": 3 + 1 });
  });

  it("reads index maps with sections (Turbopack) at their offsets", () => {
    const code = "xx\nyyyy";
    const map = {
      sections: [
        { offset: { line: 0, column: 0 }, map: { sources: ["x.js"], mappings: "AAAA" } },
        { offset: { line: 1, column: 0 }, map: { sources: ["y.js"], mappings: "AAAA" } },
      ],
    };
    expect(Object.fromEntries(attributeSources(code, map))).toEqual({ "x.js": 3, "y.js": 4 });
  });

  it("attributes every character exactly once, whatever the mappings", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.tuple(fc.nat(80), fc.nat(3)), { maxLength: 6 }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.nat(90), { minLength: 1, maxLength: 6 }),
        (lines, lengths) => {
          const code = lengths.map((n) => "x".repeat(n)).join("\n");
          const state = { source: 0 };
          const mappings = lines
            .map((segments) =>
              encodeLine(
                [...segments].sort((a, b) => a[0] - b[0]),
                state,
              ),
            )
            .join(";");
          const result = attributeSources(code, { sources: ["a", "b", "c", "d"], mappings });
          const total = [...result.values()].reduce((sum, n) => sum + n, 0);
          expect(total).toBe(code.length);
        },
      ),
    );
  });
});

describe("packageOf and normalizeSource", () => {
  it("finds the package and its pnpm version, scoped names included", () => {
    expect(
      packageOf("node_modules/.pnpm/react-dom@19.3.1_react@19.3.1/node_modules/react-dom/cjs/x.js"),
    ).toEqual({
      name: "react-dom",
      copy: "19.3.1",
    });
    expect(packageOf("node_modules/.pnpm/@swc+helpers@0.5.15/node_modules/@swc/helpers/esm/a.js")).toEqual({
      name: "@swc/helpers",
      copy: "0.5.15",
    });
    expect(packageOf("apps/web/node_modules/lodash/map.js")).toEqual({ name: "lodash", copy: "apps/web/" });
    expect(packageOf("app/page.tsx")).toBeUndefined();
  });

  it("strips bundler prefixes", () => {
    expect(normalizeSource("webpack://_N_E/../../node_modules/x/a.js")).toBe("node_modules/x/a.js");
    expect(normalizeSource("turbopack:///[project]/app/page.tsx")).toBe("app/page.tsx");
  });
});
