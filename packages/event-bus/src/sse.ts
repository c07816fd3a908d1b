import { DaiError } from "@dai/core";

/** One Server-Sent Events message (WHATWG HTML §9.2). Every field is optional. */
export interface SseMessage {
  /** Sets the client's last event id; `""` clears it. Must not contain CR, LF or NUL. */
  id?: string;
  /** Event type (`addEventListener(type)`); omitted means `message`. Must not contain CR or LF. */
  event?: string;
  /** Payload; line breaks (CRLF, CR, LF) become separate `data:` lines and are restored by the client. */
  data?: string;
  /** Reconnection delay the client should use, in ms (non-negative integer). */
  retry?: number;
  /** Comment lines (ignored by clients; used for heartbeats and padding). */
  comment?: string;
}

const LINE_BREAK = /\r\n|\r|\n/;

function invalid(field: string, message: string): DaiError {
  return new DaiError("invalid_sse_message", `${field}: ${message}`, { status: 500, field });
}

/**
 * Encodes one SSE message, terminated by the blank line that dispatches it.
 *
 * @example encodeSse({ id: "7-0", event: "metric.update", data: "a\nb" })
 * // "id: 7-0\nevent: metric.update\ndata: a\ndata: b\n\n"
 */
export function encodeSse(message: SseMessage): string {
  let out = "";
  if (message.comment !== undefined) {
    for (const line of message.comment.split(LINE_BREAK)) out += `: ${line}\n`;
  }
  if (message.retry !== undefined) {
    if (!Number.isInteger(message.retry) || message.retry < 0) {
      throw invalid("retry", `expected a non-negative integer of ms, got ${message.retry}`);
    }
    out += `retry: ${message.retry}\n`;
  }
  if (message.id !== undefined) {
    if (/[\r\n\0]/.test(message.id)) throw invalid("id", "must not contain CR, LF or NUL");
    out += message.id === "" ? "id\n" : `id: ${message.id}\n`;
  }
  if (message.event !== undefined) {
    if (message.event === "" || /[\r\n]/.test(message.event)) {
      throw invalid("event", "expected a non-empty name without CR or LF");
    }
    out += `event: ${message.event}\n`;
  }
  if (message.data !== undefined) {
    // "data: x" loses exactly one leading space on the client, so a line starting with a space survives.
    for (const line of message.data.split(LINE_BREAK)) out += `data: ${line}\n`;
  }
  return `${out}\n`;
}

/** Response headers of an SSE stream: no caching or transformation, no proxy buffering, no compression. */
export const SSE_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  "Content-Type": "text/event-stream; charset=utf-8",
  "Cache-Control": "no-cache, no-transform",
  Connection: "keep-alive",
  "X-Accel-Buffering": "no",
});
