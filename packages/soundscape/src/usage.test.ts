import { describe, expect, it } from "vitest";
import { createListeningClock, PREFERENCE_KEY, readPreference, writePreference } from "./usage.js";

function memoryStorage() {
  const map = new Map<string, string>();
  return {
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => void map.set(k, v),
    map,
  };
}

describe("opt-in preference", () => {
  it("is off by default and remembers an opt-in", () => {
    const storage = memoryStorage();
    expect(readPreference(storage)).toBe("off");
    expect(writePreference(storage, "on")).toBe(true);
    expect(storage.map.get(PREFERENCE_KEY)).toBe("on");
    expect(readPreference(storage)).toBe("on");
  });

  it("never throws when storage refuses, and reads a refused or odd value as off", () => {
    const refusing = {
      getItem: () => {
        throw new Error("SecurityError");
      },
      setItem: () => {
        throw new Error("QuotaExceededError");
      },
    };
    expect(readPreference(refusing)).toBe("off");
    expect(writePreference(refusing, "on")).toBe(false);
    expect(readPreference(undefined)).toBe("off");
    const odd = memoryStorage();
    odd.setItem(PREFERENCE_KEY, "yes please");
    expect(readPreference(odd)).toBe("off");
  });
});

describe("listening clock", () => {
  it("counts only audible stretches", () => {
    const clock = createListeningClock();
    clock.set(true, 1000);
    clock.set(false, 4000); // 3 s
    clock.set(false, 5000);
    clock.set(true, 10_000);
    expect(clock.total(12_500)).toBe(5500);
  });

  it("take() returns the total and keeps counting a running stretch from then", () => {
    const clock = createListeningClock();
    clock.set(true, 0);
    expect(clock.take(2000)).toBe(2000);
    expect(clock.take(2500)).toBe(500);
    clock.set(true, 2600); // already audible: no restart
    expect(clock.total(3000)).toBe(500);
  });
});
