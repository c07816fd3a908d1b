// Regenerates the committed JSON Schema beside the manifest from the zod schema (run after `build`).
import { join } from "node:path";
import { findProjectRoot, writeFileAtomic } from "@dai/core";
import { JSON_SCHEMA_FILE_NAME, manifestJsonSchemaText } from "../dist/index.js";

const root = findProjectRoot(import.meta.dirname);
if (!root) throw new Error("run inside the project: manifest/ not found");
const target = join(root, "manifest", JSON_SCHEMA_FILE_NAME);
await writeFileAtomic(target, manifestJsonSchemaText());
console.log(`wrote ${target}`);
