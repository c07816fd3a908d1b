/** The Copilot's tones and moods as the demo and the Copilot use them; more may appear in data. */
export const DEFAULT_TONES = ["professional", "friendly", "concise", "enthusiastic", "empathetic"] as const;
export const DEFAULT_MOODS = ["calm", "upbeat", "focused", "concerned", "celebratory"] as const;

/** What the trainer needs of a Copilot event (`copilot.explanation`). */
export interface FeedbackEvent {
  readonly dealerId: string;
  readonly tone: string;
  readonly mood: string;
  readonly feedback: "up" | "down" | null;
  readonly timeMs: number;
}

export const EVENT_TYPE = "copilot.explanation";
// ISO-8601 date-time as DuckDB reads it: "T" or a space, any fraction, offset ±hh:mm or ±hhmm, no zone = UTC.
const ISO_TIMESTAMP = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2}(?:\.\d+)?)(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Validates one raw event. Returns the event, `null` for an event of another `type` (not ours to
 * count), or a message naming the bad field.
 *
 * @example parseFeedbackEvent({ dealerId: "d1", tone: "friendly", mood: "calm", feedback: "up", timestamp: "2026-01-01T10:00:00Z" })
 */
export function parseFeedbackEvent(value: unknown): FeedbackEvent | null | string {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return `expected an object, got ${value === null ? "null" : Array.isArray(value) ? "an array" : typeof value}`;
  }
  const raw = value as Record<string, unknown>;
  if (raw.type !== undefined && raw.type !== EVENT_TYPE) {
    if (typeof raw.type !== "string") return `type: expected a string, got ${describe(raw.type)}`;
    return null;
  }
  const { dealerId, tone, mood, timestamp } = raw;
  // An absent feedback is "not rated", as null is (DuckDB cannot tell the two apart either).
  const feedback = raw.feedback === undefined ? null : raw.feedback;
  if (typeof dealerId !== "string" || dealerId === "")
    return `dealerId: expected a non-empty string, got ${describe(dealerId)}`;
  if (typeof tone !== "string" || tone === "")
    return `tone: expected a non-empty string, got ${describe(tone)}`;
  if (typeof mood !== "string" || mood === "")
    return `mood: expected a non-empty string, got ${describe(mood)}`;
  if (feedback !== "up" && feedback !== "down" && feedback !== null) {
    return `feedback: expected "up", "down" or null, got ${describe(feedback)}`;
  }
  const parts = typeof timestamp === "string" ? ISO_TIMESTAMP.exec(timestamp) : null;
  if (!parts || typeof timestamp !== "string") {
    return `timestamp: expected an ISO-8601 date-time (2026-05-01T09:30:00Z), got ${describe(timestamp)}`;
  }
  const timeMs =
    parts[3] !== undefined && parts[3].length !== 5 && timestamp[10] === "T"
      ? Date.parse(timestamp)
      : Date.parse(`${parts[1]}T${parts[2]}${zone(parts[3])}`);
  // V8 rolls 2026-02-30 over to March; DuckDB (and the calendar) say no such day.
  const day = Number(parts[1]?.slice(8));
  if (day > 28 && new Date(`${parts[1]}T00:00:00Z`).getUTCDate() !== day) {
    return `timestamp: no such day: ${JSON.stringify(timestamp)}`;
  }
  if (Number.isNaN(timeMs)) return `timestamp: not a valid date-time: ${JSON.stringify(timestamp)}`;
  return { dealerId, tone, mood, feedback, timeMs };
}

/** "Z" for none, "+02:00" for "+0200". */
function zone(offset: string | undefined): string {
  if (offset === undefined) return "Z";
  return offset.length === 5 ? `${offset.slice(0, 3)}:${offset.slice(3)}` : offset;
}

function describe(value: unknown): string {
  if (value === undefined) return "nothing (missing)";
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
