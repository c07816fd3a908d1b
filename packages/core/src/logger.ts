import { isSecretName } from "./env.js";

export type LogLevel = "debug" | "info" | "warn" | "error";
const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

export interface LoggerOptions {
  level?: LogLevel;
  /** Where lines go; defaults to stderr so stdout stays clean for `--json` output. */
  write?: (line: string) => void;
  fields?: Record<string, unknown>;
}

/**
 * The one logger: one JSON object per line (`time`, `level`, `msg`, fields), secrets redacted by key
 * name, errors flattened to `name`/`message`/`stack`.
 *
 * @example createLogger({ fields: { service: "api" } }).info("listening", { port: 8787 })
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const threshold = LEVELS[options.level ?? parseLevel(process.env.LOG_LEVEL)];
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const base = options.fields ?? {};
  const emit = (level: LogLevel, message: string, fields?: Record<string, unknown>) => {
    if (LEVELS[level] < threshold) return;
    const record = { time: new Date().toISOString(), level, msg: message, ...base, ...fields };
    // A replacer makes JSON.stringify call back into JS for every value; most lines (a request log
    // line per request) hold only primitives under harmless names and do not need it.
    write(needsRedaction(record) ? JSON.stringify(record, redact) : JSON.stringify(record));
  };
  return {
    debug: (m, f) => emit("debug", m, f),
    info: (m, f) => emit("info", m, f),
    warn: (m, f) => emit("warn", m, f),
    error: (m, f) => emit("error", m, f),
    child: (fields) => createLogger({ ...options, fields: { ...base, ...fields } }),
  };
}

const drop = () => {};
/** A logger that drops everything (without building the line); for tests and library defaults. */
export const silentLogger: Logger = {
  debug: drop,
  info: drop,
  warn: drop,
  error: drop,
  child: () => silentLogger,
};

function parseLevel(value: string | undefined): LogLevel {
  return value !== undefined && value in LEVELS ? (value as LogLevel) : "info";
}

const secretNames = new Map<string, boolean>();

/** Whether a record has a nested value or a secret-named string, the only things `redact` changes. */
function needsRedaction(record: Record<string, unknown>): boolean {
  for (const key in record) {
    const value = record[key];
    if (typeof value === "object" && value !== null) return true;
    if (typeof value !== "string") continue;
    let secret = secretNames.get(key);
    if (secret === undefined) {
      secret = isSecretName(key);
      if (secretNames.size < 1024) secretNames.set(key, secret);
    }
    if (secret) return true;
  }
  return false;
}

function redact(key: string, value: unknown): unknown {
  if (key !== "" && isSecretName(key) && typeof value === "string") return "[redacted]";
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  return value;
}
