"use client";

import { createTelemetryClient, type TelemetryClient } from "@dai/telemetry/client";

let client: TelemetryClient | undefined;
let csrfToken: Promise<string> | undefined;

/** A CSRF token for the session's writes, fetched once and renewed after a refusal. */
function token(): Promise<string> {
  csrfToken ??= fetch("/api/csrf", { cache: "no-store" })
    .then((response) => response.json() as Promise<{ token: string }>)
    .then((body) => body.token)
    .catch((error) => {
      csrfToken = undefined;
      throw error;
    });
  return csrfToken;
}

/**
 * The dashboard's telemetry client: batches events and sends them through the signed-in session
 * (`/api/telemetry/browser`, CSRF-checked) — a browser holds no ingest key.
 */
export function browserTelemetry(): TelemetryClient {
  client ??= createTelemetryClient({
    endpoint: "/api/telemetry/browser",
    ingestKey: "session",
    source: "web",
    // sendBeacon cannot carry the CSRF header; the last few events of a closing tab may be lost.
    beaconOnPageHide: false,
    fetch: async (input, init) => {
      const headers = new Headers(init?.headers);
      headers.delete("authorization");
      headers.set("x-csrf-token", await token());
      const response = await fetch(input, { ...init, headers });
      if (response.status === 403) csrfToken = undefined;
      return response;
    },
  });
  return client;
}
