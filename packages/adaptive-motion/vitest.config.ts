export { default } from "@dai/vitest-config";
