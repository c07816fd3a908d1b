import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { oneEventOfEachKind } from "../__tests__/fixtures.js";
import { compileCheck } from "./compiled-check.js";
import { telemetryEventSchema } from "./schema.js";

const VALID = oneEventOfEachKind();
const FIELDS = [...new Set(VALID.flatMap((event) => Object.keys(event))), "extra", "__proto__"];
/** Values at and around every bound the schema draws, plus wrong types. */
const TRICKY: unknown[] = [
  undefined,
  null,
  "",
  "x",
  "x".repeat(63),
  "x".repeat(64),
  "x".repeat(65),
  "x".repeat(128),
  "x".repeat(129),
  "x".repeat(200),
  "x".repeat(201),
  // Astral characters: one code point (what zod counts) in two UTF-16 units.
  "\u{1F600}".repeat(32),
  "\u{1F600}".repeat(64),
  "\u{1F600}".repeat(65),
  "\u{1F600}".repeat(100),
  "\u{1F600}".repeat(101),
  `${"x".repeat(63)}\u{1F600}`,
  "\ud800".repeat(65),
  -1,
  -0,
  0,
  0.5,
  1,
  99,
  100,
  599,
  600,
  1.5,
  2 ** 53,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  true,
  false,
  [],
  {},
  "2024-02-29T00:00:00Z",
  "2026-02-29T00:00:00Z",
  "2026-11-25T10:00:00+02:00",
  "2026-11-25T10:00:00",
  "2026-11-25 10:00:00Z",
  "2026-11-25T10:00:00.123456789Z",
  "2026-11-25T24:00:00Z",
  "LCP",
  "lcp",
  "good",
  "poor",
  "in",
  "up",
  "success",
  "api.request",
  "web.vitals",
];

describe("compileCheck", () => {
  const check = compileCheck(telemetryEventSchema);

  it("measures strings in code points at both bounds, as zod does", () => {
    const schema = z.object({ s: z.string().min(2).max(3) });
    const bounded = compileCheck(schema);
    const samples = [
      "\u{1F600}",
      "\u{1F600}x",
      "\u{1F600}".repeat(3),
      "\u{1F600}".repeat(4),
      "\ud800\ud800",
      "xy",
    ];
    for (const s of samples) {
      const input = { s };
      expect(bounded(input) !== undefined, JSON.stringify(s)).toBe(schema.safeParse(input).success);
    }
  });

  it("gives zod's verdict and zod's output for events mutated at every field and bound", () => {
    const mutation = fc.tuple(fc.constantFrom(...FIELDS), fc.constantFrom(...TRICKY));
    fc.assert(
      fc.property(fc.constantFrom(...VALID), fc.array(mutation, { maxLength: 3 }), (seed, mutations) => {
        const event: Record<string, unknown> = { ...seed };
        for (const [field, value] of mutations) {
          if (value === undefined) delete event[field];
          else
            Object.defineProperty(event, field, {
              value,
              enumerable: true,
              writable: true,
              configurable: true,
            });
        }
        const parsed = telemetryEventSchema.safeParse(event);
        const checked = check(event);
        expect(checked !== undefined).toBe(parsed.success);
        if (parsed.success) expect(checked).toEqual(parsed.data);
      }),
      { numRuns: 5000 },
    );
  });

  it("hands back the event itself when it has no unknown keys, and a stripped copy when it has", () => {
    const event = VALID[0] as Record<string, unknown>;
    expect(check(event)).toBe(event);
    const withExtra = { ...event, secret: "x" };
    expect(check(withExtra)).toEqual(event);
    expect(check(withExtra)).not.toHaveProperty("secret");
  });

  it("refuses non-objects and unknown kinds", () => {
    for (const value of [null, 1, "api.request", [], [VALID[0]], { ...VALID[0], kind: "api.nope" }])
      expect(check(value)).toBeUndefined();
  });

  it("refuses at compile time a schema construct it cannot check exactly", () => {
    expect(() => compileCheck(z.object({ a: z.string().email() }))).toThrow(/unsupported string check/);
    expect(() => compileCheck(z.object({ a: z.array(z.string()) }))).toThrow(
      /unsupported schema type "array"/,
    );
    expect(() => compileCheck(z.object({ a: z.number().multipleOf(2) }))).toThrow(/unsupported number check/);
  });
});
