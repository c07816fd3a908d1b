import type { ListedSuccessMetric } from "@dai/manifest-schema";

/** Where the dashboard's server side reaches the API; the browser never needs it for these pages. */
export function apiUrl(): string {
  return process.env.API_URL?.trim() || "http://127.0.0.1:8787";
}

export type SuccessMetricList = { version: string; successMetrics: ListedSuccessMetric[] };

export type Loaded<T> = { ok: true; value: T } | { ok: false; error: string };

/** Fetches JSON from the API, turning every failure into a sentence a user can act on. */
export async function fetchApi<T>(path: string, headers: Record<string, string> = {}): Promise<Loaded<T>> {
  const url = new URL(path, apiUrl());
  try {
    const response = await fetch(url, { cache: "no-store", headers, signal: AbortSignal.timeout(5000) });
    if (!response.ok) {
      const problem = (await response.json().catch(() => undefined)) as { detail?: string } | undefined;
      return {
        ok: false,
        error: `The API answered ${response.status}${problem?.detail ? `: ${problem.detail}` : ""}.`,
      };
    }
    return { ok: true, value: (await response.json()) as T };
  } catch {
    return { ok: false, error: `The API at ${url.origin} could not be reached. Is it running (pnpm start)?` };
  }
}
