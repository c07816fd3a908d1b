import { DaiError } from "@dai/core";
import { assertTopic } from "./bus.js";
import { parseLastEventId } from "./ids.js";

/** What a pulse-stream request asks for. */
export interface PulseRequest<T extends string = string> {
  /** Selected topics (all of the stream's topics when the query names none). */
  readonly topics: readonly T[];
  /** Where to resume from, validated; `undefined` for a fresh connection. */
  readonly lastEventId: string | undefined;
}

type HeaderValue = string | readonly string[] | undefined;

/**
 * Reads topic selection (`?topics=a,b` or repeated `topic=`) and the resume point (the
 * `Last-Event-ID` header, else the `lastEventId` query parameter — the header is what a browser
 * sends on reconnect, so it is the newer of the two).
 *
 * @example parsePulseRequest("/api/pulse-stream?topics=metric.update", {}, bus.topics)
 * @throws DaiError 400 `unknown_topic` / `invalid_last_event_id` naming the parameter.
 */
export function parsePulseRequest<T extends string>(
  url: string | URL,
  headers: Record<string, HeaderValue> | Headers,
  topics: readonly T[],
): PulseRequest<T> {
  const parsed = typeof url === "string" ? new URL(url, "http://localhost") : url;
  const names: string[] = [];
  for (const key of ["topics", "topic"]) {
    for (const value of parsed.searchParams.getAll(key)) {
      for (const name of value.split(",")) if (name.trim() !== "") names.push(name.trim());
    }
  }
  const known = new Set<string>(topics);
  for (const name of names) assertTopic(known, name, "topics");
  const selected = names.length === 0 ? [...topics] : [...new Set(names)];

  const header = readHeader(headers, "last-event-id");
  const query = parsed.searchParams.get("lastEventId") ?? undefined;
  let lastEventId: string | undefined;
  if (header !== undefined && header.trim() !== "") {
    lastEventId = header.trim();
    parseLastEventId(lastEventId, "Last-Event-ID");
  } else if (query !== undefined && query.trim() !== "") {
    lastEventId = query.trim();
    parseLastEventId(lastEventId, "lastEventId");
  }
  return { topics: selected as T[], lastEventId };
}

function readHeader(headers: Record<string, HeaderValue> | Headers, name: string): string | undefined {
  if (typeof (headers as Headers).get === "function") return (headers as Headers).get(name) ?? undefined;
  const value = (headers as Record<string, HeaderValue>)[name];
  if (value === undefined || typeof value === "string") return value;
  if (value.length > 1) {
    throw new DaiError("invalid_last_event_id", `${name}: expected one header, got ${value.length}`, {
      status: 400,
      field: "Last-Event-ID",
    });
  }
  return value[0];
}
