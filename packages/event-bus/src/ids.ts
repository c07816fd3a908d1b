import { DaiError } from "@dai/core";

// Ids look like Redis stream ids so the Redis adapter can use them verbatim: `<seq>-0`, where `seq`
// comes from one counter shared by all topics. That gives one total order across topics, so a
// client subscribed to several topics resumes from a single Last-Event-ID.
const ID_PATTERN = /^(\d{1,15})-0$/;

/** The SSE / stream id of sequence number `seq`. */
export function formatEventId(seq: number): string {
  return `${seq}-0`;
}

/** Sequence number of an id this package produced; `undefined` if it is not one. */
export function eventIdSeq(id: string): number | undefined {
  const match = ID_PATTERN.exec(id);
  return match === null ? undefined : Number(match[1]);
}

/**
 * Validates a client-supplied Last-Event-ID and returns its sequence number.
 *
 * @example parseLastEventId("1732540000123-0") // → 1732540000123
 * @throws DaiError 400 `invalid_last_event_id` naming `field` when it is not an id of this stream.
 */
export function parseLastEventId(raw: string, field = "Last-Event-ID"): number {
  const seq = eventIdSeq(raw.trim());
  if (seq === undefined) {
    const shown = raw.length > 40 ? `${raw.slice(0, 40)}…` : raw;
    throw new DaiError(
      "invalid_last_event_id",
      `${field}: expected an event id like "1732540000123-0", got ${JSON.stringify(shown)}`,
      { status: 400, field },
    );
  }
  return seq;
}
