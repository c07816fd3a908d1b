import preset from "@dai/vitest-config";
import { defineConfig, mergeConfig } from "vitest/config";

// tsconfig keeps JSX as is for Next; the component tests (*.test.tsx) need it compiled (React's runtime).
export default mergeConfig(preset, defineConfig({ oxc: { jsx: { runtime: "automatic" } } }));
