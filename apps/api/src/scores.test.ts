import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { seedDemoData } from "@dai/demo-data";
import { createMemoryBus } from "@dai/event-bus";
import { describe, expect, it } from "vitest";
import { startScoreProducer } from "./scores.js";

describe("score producer", () => {
  it("publishes a dealer-scoped score.change for every score that moves when the KPIs change, and none at start", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "dai-scores-"));
    await seedDemoData({ dataDir, dealers: 12, days: 60, endDate: "2026-06-30" });
    const bus = createMemoryBus();
    const events: { dealerId?: string; data: { dealerId: string; value: number } }[] = [];
    bus.subscribe(["score.change"], (event) => void events.push(event as never));
    const producer = await startScoreProducer({ dataDir, bus, intervalMs: 3_600_000 });
    try {
      expect(events).toHaveLength(0);
      expect(await producer.refresh()).toBe(0);
      // New KPIs (another seed): the scores move.
      await new Promise((resolve) => setTimeout(resolve, 20));
      await seedDemoData({ dataDir, dealers: 12, days: 60, endDate: "2026-06-30", seed: 9 });
      const published = await producer.refresh();
      expect(published).toBeGreaterThan(0);
      await expect.poll(() => events.length).toBe(published);
      expect(events.every((event) => event.dealerId === event.data.dealerId)).toBe(true);
    } finally {
      producer.stop();
      await bus.close();
    }
  });
});
