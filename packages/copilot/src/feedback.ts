import { join } from "node:path";
import { appendDurably, DaiError, parseWith, readDurableLog } from "@dai/core";
import { FEEDBACK_FILE, parseFeedbackEvent } from "@dai/tone-trainer";
import { z } from "zod";

/** A thumbs up/down as the Copilot events file stores it (`copilot-events.json`'s format), plus the message. */
export interface CopilotFeedbackEvent {
  readonly id: string;
  readonly type: "copilot.explanation";
  readonly dealerId: string;
  readonly userId: string;
  readonly timestamp: string;
  readonly tone: string;
  readonly mood: string;
  readonly kpi: string;
  readonly feedback: "up" | "down";
  /** The message rated. */
  readonly messageId: string;
}

/** What a browser posts to rate a message: the server knows the message's tone, mood and KPI itself. */
export const feedbackBodySchema = z.strictObject({
  messageId: z.string().regex(/^cm-[0-9a-f]{16}$/, { error: "expected a Copilot message id (cm-…)" }),
  dealerId: z.string().min(1).max(64),
  feedback: z.enum(["up", "down"], { error: 'expected "up" or "down"' }),
});
export type FeedbackBody = z.infer<typeof feedbackBodySchema>;

/** Validates a feedback body, naming every bad field in a 400. */
export function parseFeedbackBody(value: unknown): FeedbackBody {
  return parseWith(feedbackBodySchema, value, { code: "invalid_feedback", root: "(body)" });
}

/**
 * The Copilot's feedback log: `data/copilot-feedback.ndjson`, append-only, one Copilot event per line,
 * fsynced before the caller is answered (so an acknowledged thumbs up survives a crash). `dai
 * train-tone` and `dai mood` read it after `copilot-events.json`. A user rates a message once.
 */
export class FeedbackLog {
  readonly path: string;
  #chain: Promise<unknown> = Promise.resolve();
  #rated: Promise<Map<string, "up" | "down">> | undefined;

  constructor(dataDir: string, file: string = FEEDBACK_FILE) {
    this.path = join(dataDir, file);
  }

  /** Appends one rating; a second rating of the same message by the same user is a 409. */
  append(event: Omit<CopilotFeedbackEvent, "id" | "type">): Promise<CopilotFeedbackEvent> {
    const run = this.#chain.then(async () => {
      const rated = await this.#ratedKeys();
      const key = `${event.userId}\u0000${event.messageId}`;
      if (rated.has(key)) {
        throw new DaiError("already_rated", `message ${event.messageId}: you already rated it`, {
          status: 409,
          field: "messageId",
        });
      }
      const full: CopilotFeedbackEvent = {
        id: `cf-${event.messageId.slice(3)}-${Date.now().toString(36)}`,
        type: "copilot.explanation",
        ...event,
      };
      // The trainer's own validation: what we store, it can read.
      const check = parseFeedbackEvent(full);
      if (typeof check === "string" || check === null) {
        throw new DaiError("invalid_feedback", `feedback event: ${check ?? "wrong type"}`, { status: 400 });
      }
      await appendDurably(this.path, `${JSON.stringify(full)}\n`);
      rated.set(key, full.feedback);
      return full;
    });
    this.#chain = run.catch(() => undefined);
    return run;
  }

  /** Every stored rating, oldest first (a malformed line is skipped: the trainer reports it). */
  async readAll(): Promise<CopilotFeedbackEvent[]> {
    await this.#chain;
    return this.#read();
  }

  /** What a user already said about some messages: messageId → "up" | "down" (absent: not rated). */
  async ratingsOf(userId: string, messageIds: readonly string[]): Promise<Record<string, "up" | "down">> {
    const rated = await this.#ratedKeys();
    const out: Record<string, "up" | "down"> = {};
    for (const id of messageIds) {
      const feedback = rated.get(`${userId}\u0000${id}`);
      if (feedback) out[id] = feedback;
    }
    return out;
  }

  #ratedKeys(): Promise<Map<string, "up" | "down">> {
    this.#rated ??= this.#read().then(
      (events) => new Map(events.map((e) => [`${e.userId}\u0000${e.messageId}`, e.feedback])),
    );
    return this.#rated;
  }

  #read(): Promise<CopilotFeedbackEvent[]> {
    return readDurableLog<CopilotFeedbackEvent>(this.path);
  }
}
