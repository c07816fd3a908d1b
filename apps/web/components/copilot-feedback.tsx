"use client";

import { useState } from "react";

/** 👍 / 👎 on one Copilot message: a CSRF-protected POST; the choice is announced and the buttons lock. */
export function CopilotFeedback({
  messageId,
  dealerId,
  given,
}: {
  messageId: string;
  dealerId: string;
  /** The user's earlier rating of this message, if any. */
  given?: "up" | "down";
}) {
  const [state, setState] = useState<"idle" | "sending" | "up" | "down" | "failed">(given ?? "idle");
  const [message, setMessage] = useState(given ? "You rated this message." : "");
  async function send(feedback: "up" | "down") {
    setState("sending");
    setMessage("");
    try {
      const { token } = (await (await fetch("/api/csrf", { cache: "no-store" })).json()) as { token: string };
      const response = await fetch("/api/copilot/feedback", {
        method: "POST",
        headers: { "content-type": "application/json", "x-csrf-token": token },
        body: JSON.stringify({ messageId, dealerId, feedback }),
      });
      if (!response.ok && response.status !== 409) {
        const problem = (await response.json().catch(() => ({}))) as { detail?: string };
        throw new Error(problem.detail ?? `HTTP ${response.status}`);
      }
      setState(feedback);
      setMessage(
        response.status === 409
          ? "You already rated this message."
          : "Thanks — your feedback tunes the Copilot's tone.",
      );
    } catch (error) {
      setState("failed");
      setMessage(`Could not send your feedback: ${(error as Error).message}`);
    }
  }
  const done = state === "up" || state === "down";
  return (
    <div className="copilot-feedback" data-testid="copilot-feedback">
      <button
        type="button"
        onClick={() => send("up")}
        disabled={done || state === "sending"}
        aria-pressed={state === "up"}
      >
        <span aria-hidden="true">👍</span> Helpful
      </button>
      <button
        type="button"
        onClick={() => send("down")}
        disabled={done || state === "sending"}
        aria-pressed={state === "down"}
      >
        <span aria-hidden="true">👎</span> Not helpful
      </button>
      <span role="status" className="muted">
        {message}
      </span>
    </div>
  );
}
