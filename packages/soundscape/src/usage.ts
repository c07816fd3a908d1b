/**
 * The opt-in preference (off by default, persisted) and a listening-time clock. Pure apart from the
 * injected storage; never throws (private browsing can refuse storage).
 */

export const PREFERENCE_KEY = "dai.soundscape";

export type Preference = "on" | "off";

export interface PreferenceStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export function readPreference(storage: PreferenceStore | undefined): Preference {
  try {
    return storage?.getItem(PREFERENCE_KEY) === "on" ? "on" : "off";
  } catch {
    return "off";
  }
}

/** Stores the choice; false when storage refused it (the choice then lasts for this page only). */
export function writePreference(storage: PreferenceStore | undefined, value: Preference): boolean {
  try {
    storage?.setItem(PREFERENCE_KEY, value);
    return storage !== undefined;
  } catch {
    return false;
  }
}

/** Counts audible time: only while the soundscape is both playing and the tab visible. */
export interface ListeningClock {
  /** Reports whether sound is audible from `nowMs` on. */
  set(audible: boolean, nowMs: number): void;
  /** Audible milliseconds so far (including the running stretch). */
  total(nowMs: number): number;
  /** Returns the total and starts counting from zero (a running stretch continues). */
  take(nowMs: number): number;
}

export function createListeningClock(): ListeningClock {
  let since: number | undefined;
  let total = 0;
  const running = (nowMs: number) => (since === undefined ? 0 : Math.max(0, nowMs - since));
  return {
    set(audible, nowMs) {
      if (audible && since === undefined) since = nowMs;
      if (!audible && since !== undefined) {
        total += running(nowMs);
        since = undefined;
      }
    },
    total: (nowMs) => total + running(nowMs),
    take(nowMs) {
      const result = total + running(nowMs);
      total = 0;
      if (since !== undefined) since = nowMs;
      return result;
    },
  };
}
