import { silentProgress } from "@dai/core";
import { afterAll, describe, expect, it } from "vitest";
import { deleteKeys, REDIS_URL, uniquePrefix } from "./__tests__/redis.js";
import { pulsePublishCommand, pulseTailCommand } from "./commands.js";

const prefix = uniquePrefix("cli");
afterAll(() => deleteKeys(prefix));
const env = { REDIS_URL, EVENT_BUS_PREFIX: prefix };
const context = (
  args: string[],
  options: Record<string, string>,
  environment: Record<string, string> = env,
) => ({
  args,
  options,
  json: true,
  progress: silentProgress,
  cwd: process.cwd(),
  env: environment,
});

describe("dai pulse commands", () => {
  it("publish puts an event on the Redis bus and tail --after reads it back", async () => {
    const data = { job: "seed", status: "success", durationMs: 812, finishedAt: "2026-11-25T01:00:00Z" };
    const first = await pulsePublishCommand.run(context(["job.result", JSON.stringify(data)], {}));
    const firstId = (first.data as { id: string }).id;
    const second = await pulsePublishCommand.run(
      context(["job.result", JSON.stringify(data)], { dealer: "dlr-7" }),
    );
    expect(second.text).toContain("[dlr-7]");
    const tail = await pulseTailCommand.run(context([], { topics: "job.result", after: firstId, for: "0" }));
    const result = tail.data as { reset: boolean; events: { id: string; dealerId?: string }[] };
    expect(result.reset).toBe(false);
    expect(result.events.map((e) => e.id)).toEqual([(second.data as { id: string }).id]);
    expect(result.events[0]?.dealerId).toBe("dlr-7");
  });

  it("explains that the CLI needs REDIS_URL, and rejects bad JSON and unknown topics clearly", async () => {
    await expect(pulsePublishCommand.run(context(["job.result", "{}"], {}, {}))).rejects.toMatchObject({
      code: "bus_not_shared",
    });
    await expect(pulsePublishCommand.run(context(["job.result", "{oops"], {}))).rejects.toMatchObject({
      code: "invalid_json",
    });
    await expect(pulsePublishCommand.run(context(["weather", "{}"], {}))).rejects.toMatchObject({
      code: "unknown_topic",
    });
    await expect(pulseTailCommand.run(context([], { for: "soon" }))).rejects.toMatchObject({ field: "for" });
  });
});
