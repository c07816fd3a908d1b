import { type CommandSpec, DaiError, defineCommand, parseJson } from "@dai/core";
import type { EventBus } from "./bus.js";
import { createEventBus } from "./create.js";
import { loadBusEnv } from "./env.js";
import type { AnyBusEvent, TopicOf } from "./topics.js";
import { DEFAULT_TOPICS, type TopicMap } from "./topics.js";

// From the CLI only a shared bus makes sense: an in-memory bus would live and die with the command.
async function sharedBus(env: Readonly<Record<string, string | undefined>>): Promise<EventBus> {
  if (loadBusEnv(env).REDIS_URL === undefined) {
    throw new DaiError(
      "bus_not_shared",
      "REDIS_URL is not set: the pulse stream runs on the API's in-memory bus, which the CLI cannot reach",
      { status: 400, field: "REDIS_URL" },
    );
  }
  return createEventBus({ env });
}

function topicList(value: unknown): TopicOf<TopicMap>[] {
  if (typeof value !== "string" || value.trim() === "") return [...DEFAULT_TOPICS];
  return value.split(",").map((t) => t.trim()) as TopicOf<TopicMap>[];
}

const line = (event: AnyBusEvent) =>
  `${event.id}  ${event.topic}${event.dealerId === undefined ? "" : ` [${event.dealerId}]`}  ${JSON.stringify(event.data)}`;

/** `dai pulse publish <topic> <json>`: puts one event on the shared (Redis) bus, e.g. to poke a dashboard. */
export const pulsePublishCommand: CommandSpec = defineCommand({
  path: ["pulse", "publish"],
  summary: "Publish one event on the pulse stream (needs REDIS_URL)",
  arguments: [
    { name: "topic", description: `one of ${DEFAULT_TOPICS.join(", ")}`, required: true },
    { name: "data", description: "the payload as JSON", required: true },
  ],
  options: [{ flags: "--dealer <id>", description: "dealer the event concerns (access control scope)" }],
  examples: [
    `dai pulse publish job.result '{"job":"seed","status":"success","durationMs":812,"finishedAt":"2026-11-25T01:00:00Z"}'`,
  ],
  async run({ args, options, env }) {
    const [topic, raw] = args;
    if (topic === undefined || raw === undefined) {
      throw new DaiError("invalid_arguments", "expected <topic> <data>", { field: "topic" });
    }
    const data = parseJson(raw, "data");
    const bus = await sharedBus(env);
    try {
      const dealer = typeof options.dealer === "string" ? { dealerId: options.dealer } : {};
      const event = await bus.publish(topic as TopicOf<TopicMap>, data as never, dealer);
      return { data: event, text: `published ${line(event)}` };
    } finally {
      await bus.close();
    }
  },
});

/** `dai pulse tail`: prints what the shared bus carries for a while (or since an id). */
export const pulseTailCommand: CommandSpec = defineCommand({
  path: ["pulse", "tail"],
  summary: "Show pulse-stream events: those after --after from history, then live ones for --for seconds",
  options: [
    { flags: "--topics <list>", description: "comma-separated topics (default: all)" },
    { flags: "--after <id>", description: "replay history after this event id first" },
    { flags: "--for <seconds>", description: "how long to listen for live events (default 10)" },
  ],
  examples: [
    "dai pulse tail --topics metric.update --for 30",
    "dai pulse tail --after 1764072000123-0 --for 0",
  ],
  async run({ options, env, progress }) {
    const topics = topicList(options.topics);
    const seconds = Number(options.for ?? 10);
    if (!Number.isFinite(seconds) || seconds < 0 || seconds > 86_400) {
      throw new DaiError("invalid_option", `--for: expected seconds 0–86400, got "${String(options.for)}"`, {
        field: "for",
      });
    }
    const bus = await sharedBus(env);
    const events: AnyBusEvent[] = [];
    try {
      const off = bus.subscribe(topics, (event) => events.push(event));
      let reset = false;
      if (typeof options.after === "string") {
        const replay = await bus.replay(topics, options.after);
        reset = replay.reset;
        events.unshift(...replay.events);
      }
      if (seconds > 0) {
        progress.start(`listening for ${seconds} s`);
        await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
        progress.finish(`${events.length} event(s)`);
      }
      off();
      const unique = [...new Map(events.map((e) => [e.id, e])).values()].sort((a, b) => a.seq - b.seq);
      const head = reset
        ? [`(history after ${String(options.after)} was trimmed: older events are gone)`]
        : [];
      return {
        data: { reset, events: unique },
        text: [...head, ...unique.map(line), `${unique.length} event(s)`].join("\n"),
      };
    } finally {
      await bus.close();
    }
  },
});

/** The commands this package contributes to `dai`. */
export const eventBusCommands: readonly CommandSpec[] = [pulsePublishCommand, pulseTailCommand];
