"use client";

import { useState } from "react";

/** Starts a job now (admins): a CSRF-protected POST; the result appears in the table on reload. */
export function RunJobButton({ job }: { job: string }) {
  const [state, setState] = useState<"idle" | "starting" | "started" | "failed">("idle");
  const [message, setMessage] = useState("");
  async function run() {
    setState("starting");
    try {
      const { token } = (await (await fetch("/api/csrf", { cache: "no-store" })).json()) as { token: string };
      const response = await fetch(`/api/jobs/${encodeURIComponent(job)}/run`, {
        method: "POST",
        headers: { "x-csrf-token": token },
      });
      if (!response.ok) {
        const problem = (await response.json().catch(() => ({}))) as { detail?: string };
        throw new Error(problem.detail ?? `HTTP ${response.status}`);
      }
      setState("started");
      setMessage("Started — the table updates when it finishes.");
    } catch (error) {
      setState("failed");
      setMessage((error as Error).message);
    }
  }
  return (
    <span className="run-job">
      <button type="button" onClick={run} disabled={state === "starting"} aria-label={`Run ${job} now`}>
        {state === "starting" ? "Starting…" : "Run now"}
      </button>
      <span role="status">{message}</span>
    </span>
  );
}
