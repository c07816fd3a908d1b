import { describe, expect, it } from "vitest";
import { createSoundscapePlayer } from "./player.js";

const urls = { calm: "/audio/hum-calm.mp3", focus: "/audio/hum-focus.mp3", alert: "/audio/hum-alert.mp3" };

describe("soundscape player without Web Audio (Node has none)", () => {
  it("reports unavailable instead of throwing, and still tracks the mood targets", async () => {
    const statuses: string[] = [];
    const player = createSoundscapePlayer({ urls, onStatus: (s) => statuses.push(s) });
    expect(player.snapshot().status).toBe("off");
    expect(player.snapshot().context).toBe("none");
    await expect(player.start()).resolves.toBe("unavailable");
    expect(statuses).toEqual(["loading", "unavailable"]);
    player.setMood("concerned", 1);
    const snapshot = player.snapshot();
    expect(snapshot.master).toBe(0);
    expect(snapshot.targets.alert).toBe(1);
    expect(() => player.stop()).not.toThrow();
    expect(() => player.dispose()).not.toThrow();
  });
});
