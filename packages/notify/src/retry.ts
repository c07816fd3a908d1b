/** How long to wait before retrying, or `undefined` when the failure is not worth retrying. */
export interface RetryPolicy {
  /** Retries after the first attempt. Default 3. */
  retries?: number;
  /** First backoff for server errors; doubles each attempt. Default 1000 ms. */
  backoffMs?: number;
  /** Give up rather than wait longer than this for a rate-limit reset. Default 60 s. */
  maxWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

type Headers = Record<string, string | number | undefined>;

const header = (headers: Headers | undefined, name: string): string | undefined => {
  const value = headers?.[name] ?? headers?.[name.toLowerCase()];
  return value === undefined ? undefined : String(value);
};

/**
 * The wait GitHub (or Slack) asks for: `Retry-After` seconds, else an exhausted
 * `x-ratelimit-remaining: 0` until `x-ratelimit-reset` (epoch seconds), else exponential backoff for
 * 5xx and network failures. Other 4xx are final.
 *
 * @example retryDelay(429, { "retry-after": "2" }, 0, {}) // 2000
 */
export function retryDelay(
  status: number | undefined,
  headers: Headers | undefined,
  attempt: number,
  policy: RetryPolicy,
): number | undefined {
  const retryAfter = header(headers, "retry-after");
  if (retryAfter !== undefined && (status === 429 || status === 403 || (status ?? 0) >= 500)) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const date = Date.parse(retryAfter);
    if (Number.isFinite(date)) return Math.max(0, date - (policy.now ?? Date.now)());
  }
  if ((status === 403 || status === 429) && header(headers, "x-ratelimit-remaining") === "0") {
    const reset = Number(header(headers, "x-ratelimit-reset"));
    if (Number.isFinite(reset)) return Math.max(0, reset * 1000 - (policy.now ?? Date.now)()) + 1000;
  }
  if (status === 429) return (policy.backoffMs ?? 1000) * 2 ** attempt;
  if (status === undefined || status >= 500) return (policy.backoffMs ?? 1000) * 2 ** attempt;
  return undefined;
}

export const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
