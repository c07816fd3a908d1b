"use client";

import { DEFAULT_TOPICS } from "@dai/event-bus/client";
import { useRouter } from "next/navigation";
import { createContext, type ReactNode, useContext, useEffect, useRef, useState } from "react";
import { browserTelemetry } from "@/lib/telemetry";

export type PulseState = "connecting" | "live" | "reconnecting" | "offline";
type Listener = (topic: string, data: unknown) => void;

const PulseContext = createContext<{
  state: PulseState;
  subscribe: (listener: Listener) => () => void;
} | null>(null);

const TOPICS = DEFAULT_TOPICS;

/**
 * One EventSource per tab on `/api/pulse-stream`. The browser reconnects by itself and resends
 * Last-Event-ID, so a dropped connection resumes without gap; a `reset` means "reload your state".
 */
export function PulseProvider({ children, enabled }: { children: ReactNode; enabled: boolean }) {
  const [state, setState] = useState<PulseState>("connecting");
  const listeners = useRef(new Set<Listener>());
  useEffect(() => {
    // Only a signed-in user may open the stream.
    if (!enabled) return;
    const source = new EventSource(`/api/pulse-stream?topics=${TOPICS.join(",")}`);
    source.onopen = () => setState("live");
    source.onerror = () => setState(source.readyState === EventSource.CLOSED ? "offline" : "reconnecting");
    const deliver = (topic: string) => (message: MessageEvent<string>) => {
      const envelope = JSON.parse(message.data) as { data?: unknown; publishedAt?: number };
      // Publish → receipt, the manifest's "unified update latency" (replays after a reconnect are not live).
      if (typeof envelope.publishedAt === "number" && topic !== "reset") {
        const latencyMs = Date.now() - envelope.publishedAt;
        if (latencyMs >= 0 && latencyMs < 60_000)
          browserTelemetry().track({ kind: "sse.delivery", latencyMs, stream: topic });
      }
      for (const listener of listeners.current) listener(topic, envelope.data ?? envelope);
    };
    for (const topic of [...TOPICS, "reset"]) source.addEventListener(topic, deliver(topic) as EventListener);
    return () => source.close();
  }, [enabled]);
  const subscribe = (listener: Listener) => {
    listeners.current.add(listener);
    return () => listeners.current.delete(listener);
  };
  return <PulseContext.Provider value={{ state, subscribe }}>{children}</PulseContext.Provider>;
}

/**
 * Calls `onEvent` for pulse events of `topics` (a `reset` reaches every subscriber).
 *
 * @example usePulse(["job.result"], () => router.refresh());
 */
export function usePulse(
  topics: readonly string[],
  onEvent: (topic: string, data: unknown) => void,
): PulseState {
  const pulse = useContext(PulseContext);
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const key = topics.join(",");
  useEffect(() => {
    if (!pulse) return;
    const wanted = new Set(key.split(","));
    return pulse.subscribe((topic, data) => {
      if (wanted.has(topic) || topic === "reset") handler.current(topic, data);
    });
  }, [pulse, key]);
  return pulse?.state ?? "offline";
}

const LABELS: Record<PulseState, string> = {
  connecting: "Connecting…",
  live: "Live",
  reconnecting: "Reconnecting…",
  offline: "Offline",
};

/** The connection indicator: live, reconnecting or offline, announced politely to screen readers. */
export function PulseIndicator() {
  const state = usePulse([], () => {});
  return (
    <p className={`pulse-indicator pulse-${state}`} role="status" aria-live="polite" data-pulse-state={state}>
      <span aria-hidden="true" className="dot" /> Updates: {LABELS[state]}
    </p>
  );
}

/** Re-renders the page's server data when one of `topics` publishes (debounced). */
export function LiveRefresh({ topics }: { topics: readonly string[] }) {
  const router = useRouter();
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  usePulse(topics, () => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => router.refresh(), 300);
  });
  return null;
}
