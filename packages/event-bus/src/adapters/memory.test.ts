import { describe, expect, it } from "vitest";
import { busContract } from "../__tests__/bus-contract.js";
import { createMemoryBus } from "./memory.js";

busContract("memory", async (options) => createMemoryBus(options));

describe("memory bus", () => {
  it("keeps exactly historySize events per topic", async () => {
    const bus = createMemoryBus({ historySize: 3, startSeq: 100 });
    for (let i = 0; i < 6; i++) {
      await bus.publish("job.result", { job: "j", status: "success", durationMs: i, finishedAt: "x" });
    }
    // ids 101..106; 104..106 retained: resuming from 103 works, from 102 is a gap.
    expect((await bus.replay(["job.result"], "103-0")).events.map((e) => e.id)).toEqual([
      "104-0",
      "105-0",
      "106-0",
    ]);
    expect((await bus.replay(["job.result"], "102-0")).reset).toBe(true);
  });

  it("delivers events published from inside a listener after the current one, in id order", async () => {
    const bus = createMemoryBus({ startSeq: 0 });
    const order: string[] = [];
    bus.subscribe("*", (event) => {
      order.push(`a:${event.id}`);
      if (event.id === "1-0")
        void bus.publish("job.result", { job: "n", status: "success", durationMs: 0, finishedAt: "x" });
    });
    bus.subscribe("*", (event) => order.push(`b:${event.id}`));
    await bus.publish("job.result", { job: "j", status: "success", durationMs: 0, finishedAt: "x" });
    expect(order).toEqual(["a:1-0", "b:1-0", "a:2-0", "b:2-0"]);
  });
});
