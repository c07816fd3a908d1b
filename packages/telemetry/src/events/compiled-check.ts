import type { z } from "zod";

/**
 * A check compiled from a zod schema: `undefined` when the value is invalid (ask zod why), otherwise
 * zod's output — the value itself when it carries no unknown keys, else a copy without them.
 */
export type CompiledCheck = (value: unknown) => unknown;

type Check = (value: unknown) => boolean;

// zod's internal definition objects, read only for the subset of types the event schema uses.
interface Def {
  readonly type: string;
  readonly checks?: readonly { readonly _zod: { readonly def: CheckDef } }[];
  readonly shape?: Record<string, Schema>;
  readonly innerType?: Schema;
  readonly entries?: Record<string, unknown>;
  readonly values?: readonly unknown[];
  readonly options?: readonly Schema[];
  readonly discriminator?: string;
  readonly catchall?: unknown;
  readonly format?: string;
  readonly pattern?: RegExp;
}
interface CheckDef {
  readonly check: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly value?: number;
  readonly inclusive?: boolean;
  readonly format?: string;
  readonly pattern?: RegExp;
  readonly when?: unknown;
}
interface Schema {
  readonly _zod: { readonly def: Def };
}

/**
 * Compiles the event schema (a discriminated union of strict-shaped objects) into a plain-closure
 * validator: ingest validates ~300,000 events/s and zod's general machinery cost a fifth of the
 * ingest's CPU. zod stays the one definition — this reads its definitions — and explains every
 * rejection, since callers fall back to `safeParse` when the check fails. A schema construct the
 * compiler does not know throws at compile time rather than being checked loosely; a property test
 * holds the two to the same verdicts. Inputs are plain JSON data (what `JSON.parse` makes): getters,
 * inherited or non-enumerable fields are outside that promise. A valid object with no unknown keys is
 * returned as is (not copied), in its own key order.
 */
export function compileCheck(schema: z.ZodType): CompiledCheck {
  const def = (schema as unknown as Schema)._zod.def;
  if (def.type === "union" && def.discriminator && def.options) {
    const key = def.discriminator;
    const byTag = new Map<unknown, CompiledCheck>();
    for (const option of def.options) {
      const tag = option._zod.def.shape?.[key]?._zod.def;
      if (tag?.type !== "literal" || tag.values?.length !== 1)
        throw new Error(`compileCheck: option without a literal "${key}"`);
      byTag.set(tag.values[0], compileObject(option._zod.def));
    }
    return (value) => {
      if (typeof value !== "object" || value === null) return undefined;
      return byTag.get((value as Record<string, unknown>)[key])?.(value);
    };
  }
  if (def.type === "object") return compileObject(def);
  throw new Error(`compileCheck: unsupported top-level schema type "${def.type}"`);
}

function compileObject(def: Def): CompiledCheck {
  if (def.catchall !== undefined) throw new Error("compileCheck: objects with a catchall are not supported");
  const fields = Object.entries(def.shape ?? {}).map(([key, field]) => {
    const fieldDef = field._zod.def;
    const optional = fieldDef.type === "optional";
    const inner = optional ? fieldDef.innerType?._zod.def : fieldDef;
    if (!inner) throw new Error(`compileCheck: field ${key} has no inner type`);
    return { key, optional, check: compileValue(inner, key) };
  });
  return (value) => {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
    const record = value as Record<string, unknown>;
    let present = 0;
    for (const field of fields) {
      const item = record[field.key];
      if (item === undefined) {
        if (field.optional) continue;
        return undefined;
      }
      if (!field.check(item)) return undefined;
      present++;
    }
    let keys = 0;
    for (const _ in record) keys++;
    if (keys === present) return record;
    const stripped: Record<string, unknown> = {};
    for (const field of fields) if (record[field.key] !== undefined) stripped[field.key] = record[field.key];
    return stripped;
  };
}

function compileValue(def: Def, key: string): Check {
  const checks = (def.checks ?? []).map((c) => c._zod.def);
  switch (def.type) {
    case "string": {
      const tests = checks.map((c) => stringCheck(c, key));
      if (def.format) tests.push(stringCheck(def as unknown as CheckDef, key));
      return (value) => typeof value === "string" && tests.every((test) => test(value));
    }
    case "number": {
      const tests = checks.map((c) => numberCheck(c, key));
      return (value) =>
        typeof value === "number" && Number.isFinite(value) && tests.every((test) => test(value));
    }
    case "boolean":
      if (checks.length > 0) throw new Error(`compileCheck: ${key}: checks on a boolean`);
      return (value) => typeof value === "boolean";
    case "enum": {
      const allowed = new Set(Object.values(def.entries ?? {}));
      return (value) => allowed.has(value);
    }
    case "literal": {
      const allowed = new Set(def.values ?? []);
      return (value) => allowed.has(value);
    }
    default:
      throw new Error(`compileCheck: ${key}: unsupported schema type "${def.type}"`);
  }
}

function stringCheck(c: CheckDef, key: string): (value: string) => boolean {
  // zod measures strings in code points; one is one or two UTF-16 units, so only a length in between
  // the two readings needs counting.
  if (c.check === "min_length") {
    const minimum = c.minimum ?? 0;
    return (value) =>
      value.length >= minimum && (value.length >= 2 * minimum || codePoints(value) >= minimum);
  }
  if (c.check === "max_length") {
    const maximum = c.maximum ?? Number.POSITIVE_INFINITY;
    return (value) => value.length <= maximum || codePoints(value) <= maximum;
  }
  // Only formats zod checks by its pattern alone (some, e.g. url, run more code than a regex).
  if (c.check === "string_format" && c.format === "datetime" && c.pattern) {
    const pattern = c.pattern;
    return (value) => {
      pattern.lastIndex = 0;
      return pattern.test(value);
    };
  }
  throw new Error(
    `compileCheck: ${key}: unsupported string check "${c.check}"${c.format ? ` (${c.format})` : ""}`,
  );
}

function numberCheck(c: CheckDef, key: string): (value: number) => boolean {
  const bound = c.value ?? 0;
  if (c.check === "greater_than") return c.inclusive ? (value) => value >= bound : (value) => value > bound;
  if (c.check === "less_than") return c.inclusive ? (value) => value <= bound : (value) => value < bound;
  if (c.check === "number_format" && c.format === "safeint") return Number.isSafeInteger;
  throw new Error(
    `compileCheck: ${key}: unsupported number check "${c.check}"${c.format ? ` (${c.format})` : ""}`,
  );
}

/** Unicode code points of a string: a surrogate pair counts once, a lone surrogate once. */
function codePoints(value: string): number {
  let count = value.length;
  for (let i = 0; i < value.length - 1; i++) {
    if ((value.charCodeAt(i) & 0xfc00) === 0xd800 && (value.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      count--;
      i++;
    }
  }
  return count;
}
