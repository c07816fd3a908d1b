import { createReadStream } from "node:fs";
import { DaiError, type ProblemDetail } from "@dai/core";
import { type FeedbackEvent, parseFeedbackEvent } from "./events.js";
import { type InputRecord, malformedEventError, readJsonRecords } from "./reader.js";

/** Where events come from: an in-memory array (or iterable), parsed records, or a file path. */
export type EventSource = Iterable<unknown> | AsyncIterable<unknown> | { readonly path: string };

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
  const label = "path" in source ? source.path : "events";
  let records = 0;
  for await (const record of toRecords(source)) {
    records++;
    if (records % 100_000 === 0) options.onProgress?.(records);
    const parsed = record.problem === undefined ? parseFeedbackEvent(record.value) : record.problem;
    if (typeof parsed === "string") {
      if (options.strict) throw malformedEventError(label, record.location, parsed);
      summary.skipped++;
      if (summary.problems.length < maxProblems)
        summary.problems.push({ path: record.location, message: parsed });
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

async function* toRecords(source: EventSource): AsyncGenerator<InputRecord> {
  if ("path" in source) {
    const stream = createReadStream(source.path, { highWaterMark: 1 << 20 });
    try {
      yield* readJsonRecords(stream);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOENT" || code === "EISDIR" || code === "EACCES") {
        throw new DaiError("input_not_found", `cannot read ${source.path}: ${code}`, {
          status: 404,
          cause: error,
        });
      }
      throw error;
    } finally {
      stream.destroy();
    }
    return;
  }
  let index = 0;
  for await (const value of source as AsyncIterable<unknown>) yield { value, location: `index ${index++}` };
}
