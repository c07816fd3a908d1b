import { isUtf8 } from "node:buffer";

/** Where one element of a batch's events array sits in the body's bytes. */
export interface RawEvent {
  /** Offset of its first byte (`{` for an object). */
  readonly start: number;
  /** Offset just past its last byte (`}` for an object). */
  readonly end: number;
  /** Members the object spells out, duplicates counted each time (-1 for a non-object). */
  readonly members: number;
  /** Whether a line break sits between its tokens (never inside a JSON string). */
  readonly lineBreak: boolean;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const NEWLINE = 0x0a;
const RETURN = 0x0d;

const isSpace = (byte: number) => byte === 0x20 || byte === 0x09 || byte === NEWLINE || byte === RETURN;
const EVENTS_KEY = Buffer.from('"events"');

function skipSpace(body: Uint8Array, from: number): number {
  let i = from;
  while (i < body.length && isSpace(body[i] as number)) i++;
  return i;
}

/** Only white space (and the wrapping object's `}`) may follow the events array. */
function endsAfter(body: Uint8Array, from: number, wrapped: boolean): boolean {
  let i = skipSpace(body, from);
  if (wrapped) {
    if (body[i] !== CLOSE_OBJECT) return false;
    i = skipSpace(body, i + 1);
  }
  return i === body.length;
}

/**
 * Finds each element of the events array in a batch body that `JSON.parse` has already accepted —
 * `[ … ]`, or `{"events": [ … ]}` and nothing else — so an event that needs no rewriting can be
 * spooled as the client's own bytes instead of being serialised again.
 * Structural bytes are ASCII and never occur inside a UTF-8 multi-byte sequence, so bytes are
 * scanned directly. Returns undefined when the body does not have that shape.
 */
export function locateRawEvents(body: Uint8Array): RawEvent[] | undefined {
  let i = skipSpace(body, 0);
  // Only `{ "events": [ … ] }` with the key spelled plainly and nothing else around the array: with a
  // second "events" member JSON.parse would keep another array than the one scanned here.
  const wrapped = body[i] === OPEN_OBJECT;
  if (wrapped) {
    i = skipSpace(body, i + 1);
    for (const byte of EVENTS_KEY) if (body[i++] !== byte) return undefined;
    i = skipSpace(body, i);
    if (body[i] !== COLON) return undefined;
    i = skipSpace(body, i + 1);
  }
  if (body[i] !== OPEN_ARRAY) return undefined;
  i++;
  const events: RawEvent[] = [];
  let depth = 0;
  let start = -1;
  let last = -1;
  let members = 0;
  let lineBreak = false;
  for (; i < body.length; i++) {
    const byte = body[i] as number;
    if (byte === QUOTE) {
      if (start < 0) start = i;
      // Skip the string; a backslash escapes the byte after it.
      for (i++; i < body.length; i++) {
        const inner = body[i] as number;
        if (inner === BACKSLASH) i++;
        else if (inner === QUOTE) break;
      }
      last = i;
      continue;
    }
    if (isSpace(byte)) {
      if (start >= 0 && (byte === NEWLINE || byte === RETURN)) lineBreak = true;
      continue;
    }
    if (depth === 0 && (byte === COMMA || byte === CLOSE_ARRAY)) {
      if (start < 0) {
        if (byte === CLOSE_ARRAY && events.length === 0)
          return endsAfter(body, i + 1, wrapped) ? events : undefined;
        return undefined;
      }
      const isObject = body[start] === OPEN_OBJECT;
      events.push({ start, end: last + 1, members: isObject ? members : -1, lineBreak });
      if (byte === CLOSE_ARRAY) return endsAfter(body, i + 1, wrapped) ? events : undefined;
      start = -1;
      members = 0;
      lineBreak = false;
      continue;
    }
    if (start < 0) start = i;
    last = i;
    if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) depth++;
    else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) depth--;
    else if (byte === COLON && depth === 1) members++;
  }
  return undefined;
}

/**
 * The spool lines of a validated batch — one NDJSON line per accepted event with the
 * acknowledgement time appended — as bytes. An event is copied from the body as sent when that is
 * exactly what serialising it again would store: it spells out as many members as its validated
 * form has, so none beyond its schema (the warehouse would read another kind's column) and none
 * twice (JSON.parse keeps the last, DuckDB refuses the line); no line break, UTF-8 throughout, and
 * a UTC time. Any other event is serialised from its validated form.
 */
export function spoolLines(
  body: Buffer,
  events: readonly unknown[],
  accepted: readonly Record<string, unknown>[],
  rejectedIndexes: ReadonlySet<number>,
  receivedAt: string,
): Buffer {
  const suffix = `,"receivedAt":"${receivedAt}"}\n`;
  const suffixBytes = Buffer.from(suffix);
  const raw = isUtf8(body) ? locateRawEvents(body) : undefined;
  const usable = raw !== undefined && raw.length === events.length;
  const chunks: Uint8Array[] = [];
  let text = "";
  let next = 0;
  for (let index = 0; index < events.length; index++) {
    if (rejectedIndexes.has(index)) continue;
    const event = accepted[next++] as Record<string, unknown>;
    const place = usable ? raw[index] : undefined;
    if (
      place !== undefined &&
      !place.lineBreak &&
      place.members === copyableMembers(event) &&
      typeof event.time === "string" &&
      event.time.endsWith("Z")
    ) {
      if (text) chunks.push(Buffer.from(text));
      text = "";
      chunks.push(body.subarray(place.start, place.end - 1), suffixBytes);
      continue;
    }
    if (typeof event.time === "string" && !event.time.endsWith("Z"))
      event.time = new Date(event.time).toISOString();
    text += JSON.stringify(event).slice(0, -1) + suffix;
  }
  if (text) chunks.push(Buffer.from(text));
  return Buffer.concat(chunks);
}

/**
 * The validated event's member count, or -1 when its raw spelling may not be copied: a -0 (written
 * `-0.0`, say) which DuckDB would keep negative where serialising writes `0`.
 */
function copyableMembers(object: Record<string, unknown>): number {
  let count = 0;
  for (const key in object) {
    if (Object.is(object[key], -0)) return -1;
    count++;
  }
  return count;
}
