import { describe, expect, it } from "vitest";
import { z } from "zod";
import { DaiError } from "./errors.js";
import { parseWith } from "./schema.js";

const body = z.strictObject({
  name: z.string().min(1, { error: "expected a name" }),
  limits: z.strictObject({ perMinute: z.number().int().positive() }).optional(),
  tags: z.array(z.string()).optional(),
});

describe("parseWith", () => {
  it("returns the schema's output for a valid value", () => {
    expect(parseWith(body, { name: "k", limits: { perMinute: 5 } }, { code: "invalid_body" })).toEqual({
      name: "k",
      limits: { perMinute: 5 },
    });
  });

  it("names every bad field (nested paths as a.b[1], unknown keys included) in one DaiError", () => {
    const error = (() => {
      try {
        parseWith(
          body,
          { name: "", limits: { perMinute: -1, burst: 2 }, tags: ["a", 3], extra: true },
          { code: "invalid_body" },
        );
      } catch (caught) {
        return caught;
      }
    })() as DaiError;
    expect(error).toBeInstanceOf(DaiError);
    expect(error.code).toBe("invalid_body");
    expect(error.status).toBe(400);
    expect(error.details).toEqual(
      expect.arrayContaining([
        { path: "name", message: "expected a name" },
        { path: "limits.burst", message: "unknown field" },
        { path: "extra", message: "unknown field" },
        expect.objectContaining({ path: "limits.perMinute" }),
        expect.objectContaining({ path: "tags[1]" }),
      ]),
    );
    expect(error.field).toBe(error.details?.[0]?.path);
    expect(error.message).toContain("name: expected a name");
  });

  it("uses the caller's status, source prefix, root label and unknown-key wording", () => {
    expect(() =>
      parseWith(body, 42, { code: "invalid_notices", status: 422, source: "data/x.json", root: "(file)" }),
    ).toThrow(
      expect.objectContaining({ status: 422, message: expect.stringMatching(/^data\/x\.json: \(file\): /) }),
    );
    expect(() =>
      parseWith(
        z.strictObject({}),
        { k: "1" },
        { code: "invalid_query", unknownKey: "unknown query parameter" },
      ),
    ).toThrow("k: unknown query parameter");
  });
});
