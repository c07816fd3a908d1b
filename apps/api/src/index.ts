export type { App, AppDeps } from "./app.js";
export { createApp } from "./app.js";
export type { ApiEnv } from "./env.js";
export { apiEnvSchema, loadApiEnv } from "./env.js";
