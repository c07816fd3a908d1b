import { z } from "zod";
import { manifestSchema } from "./schema.js";

/** File name of the generated JSON Schema, committed next to the manifest. */
export const JSON_SCHEMA_FILE_NAME = "dealershipai-hyper-optimization-manifest.schema.json";

/**
 * The JSON Schema of the manifest (draft 2020-12), generated from the zod schema so editors complete
 * and check the file. Cron syntax and cross-references are only checked by `dai manifest validate`.
 */
export function manifestJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(manifestSchema, {
    target: "draft-2020-12",
    io: "input",
    unrepresentable: "any",
  }) as Record<string, unknown>;
  return {
    ...schema,
    $id: "https://dealershipai.dev/schemas/hyper-optimization-manifest.schema.json",
    title: "DealershipAI hyper-optimization manifest",
    description:
      "Generated from @dai/manifest-schema; do not edit by hand (pnpm --filter @dai/manifest-schema generate:json-schema).",
  };
}

/** The generated schema as the committed file holds it. */
export function manifestJsonSchemaText(): string {
  return `${JSON.stringify(manifestJsonSchema(), null, 2)}\n`;
}
