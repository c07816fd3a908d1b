"use client";

import {
  createListeningClock,
  isMood,
  MOODS,
  type Mood,
  readPreference,
  STEMS,
  type Stem,
  writePreference,
} from "@dai/soundscape";
import type { AudioSnapshot, SoundscapePlayer } from "@dai/soundscape/player";
import { useCallback, useEffect, useRef, useState } from "react";
import { usePulse } from "@/components/pulse";
import { browserTelemetry } from "@/lib/telemetry";

const URLS: Record<Stem, string> = {
  calm: "/audio/hum-calm.mp3",
  focus: "/audio/hum-focus.mp3",
  alert: "/audio/hum-alert.mp3",
};
/** Matches scripts/stems/synth.mjs: an 8 s periodic loop starting 50 ms into each file. */
const LOOP = { startMs: 50, lengthMs: 8000 };

const STATUS_TEXT: Record<AudioSnapshot["status"], string> = {
  off: "Off",
  loading: "Loading…",
  playing: "Playing",
  suspended: "Paused while the tab is hidden",
  blocked: "Click anywhere to resume sound",
  unavailable: "Audio is not available in this browser",
  error: "The sound files could not be played",
};
const STEM_LABEL: Record<Stem, string> = { calm: "Calm hum", focus: "Focus hum", alert: "Alert hum" };

type LiveMood = { mood: Mood; kpiVariance: number; source: "copilot" | "fallback" };

// howler and the Web Audio player load when first needed (or as the pointer nears the toggle), so pages
// of people who never switch the sound on do not carry them.
let playerModule: Promise<typeof import("@dai/soundscape/player")> | undefined;
const loadPlayer = () => {
  playerModule ??= import("@dai/soundscape/player");
  return playerModule;
};

let shared: SoundscapePlayer | undefined;
async function player(onStatus: (status: AudioSnapshot["status"]) => void): Promise<SoundscapePlayer> {
  const { createSoundscapePlayer } = await loadPlayer();
  shared ??= createSoundscapePlayer({ urls: URLS, loop: LOOP, onStatus: (s) => onStatus(s) });
  window.__daiSoundscape = { snapshot: () => (shared as SoundscapePlayer).snapshot() };
  return shared;
}

async function fetchMood(): Promise<LiveMood> {
  try {
    const response = await fetch("/api/copilot/mood", { cache: "no-store" });
    if (!response.ok) return { mood: "calm", kpiVariance: 0, source: "fallback" };
    const body = (await response.json()) as { mood?: unknown; kpiVariance?: unknown };
    return {
      mood: isMood(body.mood) ? body.mood : "calm",
      kpiVariance: typeof body.kpiVariance === "number" ? body.kpiVariance : 0,
      source: "copilot",
    };
  } catch {
    return { mood: "calm", kpiVariance: 0, source: "fallback" };
  }
}

/**
 * The soundscape: one switch (off by default, remembered in this browser), and while it is on, the
 * current mood, a "preview mood" control and a meter per stem. Audio starts only from the switch (or,
 * when remembered, at the first click on the page); the Copilot's mood steers the cross-fade.
 */
export function Soundscape() {
  const [on, setOn] = useState(false);
  const [status, setStatus] = useState<AudioSnapshot["status"]>("off");
  const [live, setLive] = useState<LiveMood>({ mood: "calm", kpiVariance: 0, source: "fallback" });
  const [preview, setPreview] = useState<Mood | "live">("live");
  const [snapshot, setSnapshot] = useState<AudioSnapshot | undefined>(undefined);
  const clock = useRef(createListeningClock());

  const refreshMood = useCallback(() => {
    void fetchMood().then(setLive);
  }, []);
  useEffect(refreshMood, []);
  usePulse(["copilot.event"], (topic, data) => {
    if (topic === "reset") return refreshMood();
    const pulse = data as { mood?: unknown; kpiVariance?: unknown };
    if (isMood(pulse.mood)) {
      const mood = pulse.mood;
      setLive((previous) => ({
        mood,
        kpiVariance: typeof pulse.kpiVariance === "number" ? pulse.kpiVariance : previous.kpiVariance,
        source: "copilot",
      }));
    }
  });

  const mood = preview === "live" ? live.mood : preview;
  const variance = preview === "live" ? live.kpiVariance : 0;
  useEffect(() => {
    shared?.setMood(mood, variance);
  }, [mood, variance]);

  const onStatus = useCallback((next: AudioSnapshot["status"]) => {
    setStatus(next);
    clock.current.set(next === "playing", performance.now());
  }, []);

  // A remembered opt-in resumes (the browser may hold the sound until the first click). Once, on mount.
  useEffect(() => {
    if (readPreference(window.localStorage) !== "on") return;
    setOn(true);
    void player(onStatus).then((p) => {
      p.setMood(mood, variance);
      return p.start();
    });
  }, []);

  // Meters follow the graph while sound is on.
  useEffect(() => {
    if (!on) return;
    const timer = setInterval(() => setSnapshot(shared?.snapshot()), 250);
    return () => clearInterval(timer);
  }, [on]);

  useEffect(() => {
    const hide = () => clock.current.set(false, performance.now());
    window.addEventListener("pagehide", hide);
    return () => window.removeEventListener("pagehide", hide);
  }, []);

  const toggle = () => {
    const next = !on;
    setOn(next);
    writePreference(window.localStorage, next ? "on" : "off");
    if (next) {
      void player(onStatus).then((p) => {
        p.setMood(mood, variance);
        return p.start();
      });
      browserTelemetry().track({ kind: "soundscape.opt", opt: "in", page: window.location.pathname });
    } else {
      shared?.stop();
      clock.current.set(false, performance.now());
      browserTelemetry().track({
        kind: "soundscape.opt",
        opt: "out",
        durationMs: Math.round(clock.current.take(performance.now())),
        page: window.location.pathname,
      });
    }
  };

  return (
    <section className="soundscape" aria-label="Soundscape" data-soundscape-status={status}>
      <button
        type="button"
        role="switch"
        aria-checked={on}
        className="soundscape-switch"
        onClick={toggle}
        onPointerEnter={() => void loadPlayer()}
        onFocus={() => void loadPlayer()}
        data-testid="soundscape-toggle"
      >
        <span aria-hidden="true" className="soundscape-knob" />
        Soundscape
      </button>
      <p className="muted" role="status" aria-live="polite">
        {on ? STATUS_TEXT[status] : "Off — a quiet hum that follows the Copilot's mood"}
      </p>
      {on ? (
        <div className="soundscape-panel" data-testid="soundscape-panel">
          <p>
            Mood: <strong data-testid="soundscape-mood">{mood}</strong>
            {preview === "live" ? (
              <small>
                {" "}
                ({live.source === "copilot" ? "from the Copilot" : "default"}, KPI variance{" "}
                {live.kpiVariance.toFixed(2)})
              </small>
            ) : (
              <small> (preview)</small>
            )}
          </p>
          <label>
            Preview mood{" "}
            <select
              value={preview}
              onChange={(event) => setPreview(event.target.value as Mood | "live")}
              data-testid="soundscape-preview"
            >
              <option value="live">Copilot (live)</option>
              {MOODS.map((m) => (
                <option key={m} value={m}>
                  {m}
                </option>
              ))}
            </select>
          </label>
          <ul className="soundscape-meters">
            {STEMS.map((stem) => {
              const gain = snapshot?.gains[stem] ?? 0;
              return (
                <li key={stem}>
                  <label htmlFor={`stem-${stem}`}>{STEM_LABEL[stem]}</label>
                  <meter
                    id={`stem-${stem}`}
                    min={0}
                    max={1}
                    value={gain}
                    data-stem={stem}
                    data-gain={gain.toFixed(3)}
                    data-target={(snapshot?.targets[stem] ?? 0).toFixed(3)}
                  />
                </li>
              );
            })}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
