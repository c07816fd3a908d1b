import { createReadStream } from "node:fs";
import { basename } from "node:path";
import { DaiError, type ProblemDetail } from "@dai/core";
import { type FeedbackEvent, parseFeedbackEvent } from "./events.js";
import { type InputRecord, malformedEventError, readJsonRecords } from "./reader.js";

/**
 * Where events come from: an in-memory array (or iterable), a file path, or several files read one
 * after the other (e.g. `copilot-events.json` and the Copilot's append-only `copilot-feedback.ndjson`).
 */
export type EventSource =
  | Iterable<unknown>
  | AsyncIterable<unknown>
  | { readonly path: string }
  | { readonly paths: readonly string[] };

export interface ScanOptions {
  /** A malformed event is fatal (`DaiError` 422 naming its line/index) instead of skipped. */
  readonly strict?: boolean;
  /** Problems kept in the summary (all are counted); default 100. */
  readonly maxProblems?: number;
  /** Called every 100,000 records with the count so far. */
  readonly onProgress?: (records: number) => void;
}

export interface ScanSummary {
  /** Valid events counted. */
  events: number;
  /** Events of another `type`, left alone. */
  ignored: number;
  /** Malformed events skipped. */
  skipped: number;
  problems: ProblemDetail[];
}

/**
 * Validates every event of a source and hands the good ones to `onEvent`, one at a time: a file is
 * streamed, never loaded whole. Malformed events are reported with their line/index and skipped, or
 * fatal with `strict`.
 *
 * @example await scanEvents({ path: "data/copilot-events.json" }, (e) => acc.add(e.dealerId, e.tone, e.feedback, e.timeMs))
 */
export async function scanEvents(
  source: EventSource,
  onEvent: (event: FeedbackEvent) => void,
  options: ScanOptions = {},
): Promise<ScanSummary> {
  const summary: ScanSummary = { events: 0, ignored: 0, skipped: 0, problems: [] };
  const maxProblems = options.maxProblems ?? 100;
  let records = 0;
  for await (const { record, label } of labelledRecords(source)) {
    records++;
    if (records % 100_000 === 0) options.onProgress?.(records);
    const parsed = record.problem === undefined ? parseFeedbackEvent(record.value) : record.problem;
    if (typeof parsed === "string") {
      if (options.strict) throw malformedEventError(label, record.location, parsed);
      summary.skipped++;
      if (summary.problems.length < maxProblems)
        // With several files, say which one: "copilot-feedback.ndjson line 3".
        summary.problems.push({
          path: "paths" in source ? `${basename(label)} ${record.location}` : record.location,
          message: parsed,
        });
      continue;
    }
    if (parsed === null) summary.ignored++;
    else {
      summary.events++;
      onEvent(parsed);
    }
  }
  return summary;
}

/** Records with the name of where they came from (the file, or "events" for an in-memory source). */
async function* labelledRecords(source: EventSource): AsyncGenerator<{ record: InputRecord; label: string }> {
  if ("paths" in source) {
    for (const path of source.paths) {
      for await (const record of fileRecords(path)) yield { record, label: path };
    }
    return;
  }
  if ("path" in source) {
    for await (const record of fileRecords(source.path)) yield { record, label: source.path };
    return;
  }
  let index = 0;
  for await (const value of source as AsyncIterable<unknown>) {
    yield { record: { value, location: `index ${index++}` }, label: "events" };
  }
}

async function* fileRecords(path: string): AsyncGenerator<InputRecord> {
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  try {
    yield* readJsonRecords(stream);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "EISDIR" || code === "EACCES") {
      throw new DaiError("input_not_found", `cannot read ${path}: ${code}`, {
        status: 404,
        cause: error,
      });
    }
    throw error;
  } finally {
    stream.destroy();
  }
}
