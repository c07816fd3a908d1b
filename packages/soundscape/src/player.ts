/**
 * Plays the controller through howler (loading, looping, the autoplay unlock) with Web Audio gain
 * ramps per stem: howler's `fade` is linear in amplitude and per sound, which dips in loudness
 * mid-way; here the controller's equal-power gains are applied with short `setTargetAtTime` ramps.
 *
 * Starts only from `start()` (call it from the user's click), suspends the context while the tab is
 * hidden, resumes after an interruption (iOS "interrupted", a suspended context) on the next user
 * gesture, and never throws: a browser without Web Audio gets status "unavailable".
 */
import {
  createSoundscapeController,
  type SoundscapeController,
  STEMS,
  type Stem,
  type StemGains,
} from "./controller.js";

export type PlayerStatus = "off" | "loading" | "playing" | "suspended" | "blocked" | "unavailable" | "error";

export interface AudioSnapshot {
  readonly status: PlayerStatus;
  /** The AudioContext's state, read from the graph ("none" before start). */
  readonly context: AudioContextState | "interrupted" | "none";
  /** The master gain node's current value. */
  readonly master: number;
  /** Each stem's gain node value, read from the graph. */
  readonly gains: StemGains;
  /** Where the controller is heading. */
  readonly targets: StemGains;
  readonly mood: string;
  readonly kpiVariance: number;
  readonly error?: string;
}

declare global {
  interface Window {
    /** Read-only view of the page's audio graph (the dashboard sets it; browser tests read it). */
    __daiSoundscape?: { snapshot(): AudioSnapshot };
  }
}

export interface PlayerOptions {
  /** URL of each stem, e.g. `/audio/hum-calm.mp3`. */
  readonly urls: Readonly<Record<Stem, string>>;
  /** The seamless loop inside each file: start and length, ms (the files carry a lead-in pad). */
  readonly loop?: { readonly startMs: number; readonly lengthMs: number };
  /** Master volume while playing, 0..1. Default 0.35 (a hum, not music). */
  readonly volume?: number;
  readonly controller?: SoundscapeController;
  /** Controller update period, ms. Default 100. */
  readonly tickMs?: number;
  readonly onStatus?: (status: PlayerStatus) => void;
}

export interface SoundscapePlayer {
  start(): Promise<PlayerStatus>;
  stop(): void;
  setMood(mood: string, kpiVariance?: number): void;
  snapshot(): AudioSnapshot;
  dispose(): void;
}

type HowlerModule = typeof import("howler");
type HowlInstance = InstanceType<HowlerModule["Howl"]>;
/** howler's per-sound node (Web Audio mode): private, so reached defensively. */
type SoundInternals = { _node?: { gain?: AudioParam } };

const ZERO: StemGains = { calm: 0, focus: 0, alert: 0 };
const GESTURES = ["pointerdown", "keydown", "touchend"] as const;

export function createSoundscapePlayer(options: PlayerOptions): SoundscapePlayer {
  const controller = options.controller ?? createSoundscapeController();
  const volume = Math.min(1, Math.max(0, options.volume ?? 0.35));
  const loop = options.loop ?? { startMs: 50, lengthMs: 8000 };
  let status: PlayerStatus = "off";
  let error: string | undefined;
  let howler: HowlerModule | undefined;
  const howls = new Map<Stem, { howl: HowlInstance; id: number | undefined }>();
  let timer: ReturnType<typeof setInterval> | undefined;
  let wanted = false;

  const doc = typeof document === "undefined" ? undefined : document;
  const setStatus = (next: PlayerStatus) => {
    if (next === status) return;
    status = next;
    try {
      options.onStatus?.(next);
    } catch {
      // a listener's failure is not the player's
    }
  };
  const ctx = (): AudioContext | undefined => howler?.Howler.ctx ?? undefined;
  const stemParam = (stem: Stem): AudioParam | undefined => {
    const entry = howls.get(stem);
    if (!entry || entry.id === undefined) return undefined;
    const sound = (
      entry.howl as unknown as { _soundById?: (id: number) => SoundInternals | null }
    )._soundById?.(entry.id);
    return sound?._node?.gain;
  };

  const apply = () => {
    const context = ctx();
    const state = controller.step(typeof performance === "undefined" ? Date.now() : performance.now());
    for (const stem of STEMS) {
      const gain = state.gains[stem];
      const param = stemParam(stem);
      try {
        if (param && context) param.setTargetAtTime(gain, context.currentTime, 0.05);
        else {
          const entry = howls.get(stem);
          if (entry?.id !== undefined) entry.howl.volume(gain, entry.id);
        }
      } catch {
        // a closed context: nothing to ramp
      }
    }
  };

  const resumeOnGesture = () => {
    const resume = () => {
      for (const type of GESTURES) doc?.removeEventListener(type, resume, true);
      void ctx()
        ?.resume()
        .then(() => {
          if (wanted && ctx()?.state === "running") setStatus("playing");
        })
        .catch(() => {});
    };
    for (const type of GESTURES) doc?.addEventListener(type, resume, { capture: true, once: true });
  };

  const onStateChange = () => {
    const context = ctx();
    if (!context || !wanted) return;
    const state = context.state as string;
    if (state === "running") setStatus("playing");
    else if (doc?.hidden) setStatus("suspended");
    else {
      // Interrupted (a call on iOS, another app took the audio) or suspended behind our back.
      setStatus("blocked");
      context.resume().catch(() => {});
      resumeOnGesture();
    }
  };

  const onVisibility = () => {
    const context = ctx();
    if (!context || !wanted) return;
    if (doc?.hidden) {
      context
        .suspend()
        .then(() => setStatus("suspended"))
        .catch(() => {});
    } else {
      context
        .resume()
        .then(() => setStatus(context.state === "running" ? "playing" : "blocked"))
        .catch(() => resumeOnGesture());
    }
  };

  async function load(): Promise<HowlerModule | undefined> {
    if (howler) return howler;
    try {
      howler = await import("howler");
    } catch (cause) {
      error = `howler could not be loaded: ${String(cause)}`;
      return undefined;
    }
    return howler;
  }

  return {
    async start() {
      wanted = true;
      if (status === "playing" || status === "loading") return status;
      setStatus("loading");
      const mod = await load();
      if (!mod) {
        setStatus("error");
        return status;
      }
      const { Howl, Howler } = mod;
      try {
        Howler.autoSuspend = false; // this player suspends on hidden tabs itself
        if (howls.size === 0) {
          const loads = STEMS.map(
            (stem) =>
              new Promise<void>((resolve, reject) => {
                const howl = new Howl({
                  src: [options.urls[stem]],
                  html5: false,
                  preload: true,
                  volume: 0,
                  sprite: { loop: [loop.startMs, loop.lengthMs, true] },
                  onload: () => resolve(),
                  onloaderror: (_id, message) =>
                    reject(new Error(`${options.urls[stem]}: ${String(message)}`)),
                });
                howls.set(stem, { howl, id: undefined });
              }),
          );
          await Promise.all(loads);
        }
        if (!Howler.usingWebAudio || !Howler.ctx) {
          setStatus("unavailable");
          return status;
        }
        if (!wanted) return status; // switched off while loading
        Howler.ctx.onstatechange = onStateChange;
        const master = Howler.masterGain.gain;
        master.cancelScheduledValues(Howler.ctx.currentTime);
        master.setValueAtTime(0, Howler.ctx.currentTime);
        for (const stem of STEMS) {
          const entry = howls.get(stem);
          if (entry && entry.id === undefined) entry.id = entry.howl.play("loop");
        }
        controller.settle(); // nothing to glide from: start on the current mood
        apply();
        master.setTargetAtTime(volume, Howler.ctx.currentTime, 0.4); // a gentle fade-in
        timer ??= setInterval(apply, options.tickMs ?? 100);
        doc?.addEventListener("visibilitychange", onVisibility);
        await Howler.ctx.resume().catch(() => {});
        if (Howler.ctx.state === "running") setStatus("playing");
        else {
          setStatus("blocked");
          resumeOnGesture();
        }
      } catch (cause) {
        error = cause instanceof Error ? cause.message : String(cause);
        setStatus(typeof AudioContext === "undefined" ? "unavailable" : "error");
      }
      return status;
    },
    stop() {
      wanted = false;
      doc?.removeEventListener("visibilitychange", onVisibility);
      const context = ctx();
      try {
        if (context && howler) {
          const master = howler.Howler.masterGain.gain;
          master.cancelScheduledValues(context.currentTime);
          master.setTargetAtTime(0, context.currentTime, 0.15);
        }
      } catch {
        // nothing to fade
      }
      if (timer) clearInterval(timer);
      timer = undefined;
      // Pause after the fade; the buffers stay decoded for a quick restart.
      setTimeout(() => {
        if (wanted) return;
        for (const entry of howls.values()) {
          try {
            if (entry.id !== undefined) entry.howl.stop(entry.id);
          } catch {
            // already gone
          }
          entry.id = undefined;
        }
        try {
          // Silence for certain (the fade is done), then let the device sleep.
          const master = howler?.Howler.masterGain?.gain;
          if (master && context) {
            master.cancelScheduledValues(context.currentTime);
            master.value = 0;
          }
        } catch {
          // nothing to silence
        }
        context?.suspend().catch(() => {});
      }, 600);
      setStatus("off");
    },
    setMood(mood, kpiVariance) {
      controller.setMood(mood, kpiVariance);
    },
    snapshot() {
      const context = ctx();
      const state = controller.state();
      const gains = { ...ZERO };
      for (const stem of STEMS) gains[stem] = stemParam(stem)?.value ?? 0;
      let master = 0;
      try {
        master = howler?.Howler.masterGain?.gain.value ?? 0;
      } catch {
        master = 0;
      }
      return {
        status,
        context: (context?.state as AudioSnapshot["context"] | undefined) ?? "none",
        master,
        gains,
        targets: state.targetGains,
        mood: state.mood,
        kpiVariance: state.kpiVariance,
        ...(error ? { error } : {}),
      };
    },
    dispose() {
      this.stop();
      for (const entry of howls.values()) {
        try {
          entry.howl.unload();
        } catch {
          // already unloaded
        }
      }
      howls.clear();
    },
  };
}
