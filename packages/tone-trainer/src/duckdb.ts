import { open } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { DaiError } from "@dai/core";
import { FeedbackAccumulator, type FeedbackCounts } from "./counts.js";
import { EVENT_TYPE } from "./events.js";

const DAY_MS = 86_400_000;

export interface DuckDbCountOptions {
  readonly halfLifeDays: number | undefined;
  /** DuckDB worker threads; default all cores. */
  readonly threads?: number;
}

export interface DuckDbCountResult {
  /** False when DuckDB saw a malformed event or could not parse the file: recount by streaming. */
  readonly clean: boolean;
  readonly counts: FeedbackCounts;
  readonly summary: {
    events: number;
    rated: number;
    unrated: number;
    ignored: number;
    engine: "duckdb";
    asOf: string | null;
  };
}

/**
 * The SQL that counts a Copilot events file (NDJSON or JSON array) per type × dealer × tone, with
 * decayed weights Σ 2^((t − referenceMs)/halfLife) that the caller rescales to the newest event.
 * Without `referenceMs` the groups are also split by half-life bucket and each event weighs
 * 2^((t − bucketStart)/halfLife) ∈ [1, 2): nothing can overflow or underflow, at ~10% more time.
 * Validation costs no per-row predicate (a per-row LIKE or regex took longer than the whole count):
 * the caller checks each group — empty or missing dealerId/tone in the keys, feedback values other
 * than up/down/null (total ≠ up + down + unrated), timestamps DuckDB cannot parse (parsed < total) or
 * too short to hold a time, missing or empty moods (count(mood), min(mood)). DuckDB still reads a few
 * spellings the stream path rejects (a zone name such as "… UTC"); those count here and are skipped
 * there — every ISO-8601 form is read alike.
 */
export function duckDbCountSql(
  path: string,
  format: "array" | "newline_delimited",
  halfLifeMs: number,
  referenceMs?: number,
): string {
  const width = Number.isFinite(halfLifeMs) ? halfLifeMs : DAY_MS;
  const bucket = referenceMs === undefined ? `floor(ms / ${width})` : "0";
  const start = referenceMs === undefined ? `floor(ms / ${width}) * ${width}` : String(referenceMs);
  const weight = Number.isFinite(halfLifeMs) ? `pow(2, (ms - ${start}) / ${width})` : "1.0";
  return `
SELECT "type", dealerId, tone, ${bucket} AS bucket,
  count(*) AS total,
  count(*) FILTER (WHERE feedback = 'up') AS up,
  count(*) FILTER (WHERE feedback = 'down') AS down,
  count(*) FILTER (WHERE feedback IS NULL) AS unrated,
  coalesce(sum(${weight}) FILTER (WHERE feedback = 'up'), 0) AS up_weight,
  coalesce(sum(${weight}) FILTER (WHERE feedback = 'down'), 0) AS down_weight,
  max(ms) AS latest,
  count(ms) AS parsed,
  min(strlen(ts_text)) AS min_length,
  count(mood) AS moods,
  min(mood) AS min_mood
FROM (
  SELECT "type", dealerId, tone, mood, feedback, "timestamp" AS ts_text,
    epoch_ms(TRY_CAST("timestamp" AS TIMESTAMPTZ)) AS ms
  FROM read_json(${sqlString(path)}, format = '${format}', maximum_object_size = 16777216,
    columns = {"type": 'VARCHAR', dealerId: 'VARCHAR', tone: 'VARCHAR', mood: 'VARCHAR', feedback: 'VARCHAR', "timestamp": 'VARCHAR'})
)
GROUP BY ALL`;
}

/** A weight sum that kept its precision: finite, and not subnormal when there were events. */
function representable(count: unknown, weight: unknown): boolean {
  const w = Number(weight);
  return Number.isFinite(w) && (Number(count) === 0 || w >= 2 ** -1000);
}

/** The shortest timestamp the stream path accepts: 2026-05-01T09:30:00 (DuckDB also reads "2026-05-01"). */
const MIN_TIMESTAMP_LENGTH = 19;

function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** "array" when the first non-blank byte is `[`, else NDJSON. */
export async function detectFormat(path: string): Promise<"array" | "newline_delimited"> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, "r");
  } catch (error) {
    throw new DaiError("input_not_found", `cannot read ${path}: ${(error as NodeJS.ErrnoException).code}`, {
      status: 404,
      cause: error,
    });
  }
  try {
    const buffer = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const first = /\S/.exec(buffer.subarray(0, bytesRead).toString("utf8"));
    return first?.[0] === "[" ? "array" : "newline_delimited";
  } finally {
    await handle.close();
  }
}

/**
 * Counts a large events file with DuckDB (SQL over the file, all cores) into the same
 * `FeedbackCounts` the streaming path produces: identical raw counts, decayed weights equal to
 * rounding. DuckDB coerces a non-string scalar in a string field (tone: 5 → "5") where the streaming
 * path rejects it; any event DuckDB itself finds malformed makes the result unclean, and the caller
 * recounts by streaming to report each problem with its line.
 *
 * @example const { clean, counts } = await countWithDuckDb("events.ndjson", { halfLifeDays: 14 })
 */
export async function countWithDuckDb(path: string, options: DuckDbCountOptions): Promise<DuckDbCountResult> {
  const format = await detectFormat(path);
  const halfLifeMs =
    options.halfLifeDays !== undefined && options.halfLifeDays > 0 ? options.halfLifeDays * DAY_MS : Infinity;
  const width = Number.isFinite(halfLifeMs) ? halfLifeMs : DAY_MS;
  const { DuckDBInstance } = await import("@duckdb/node-api");
  const instance = await DuckDBInstance.create(":memory:", {
    threads: String(options.threads ?? availableParallelism()),
  });
  const connection = await instance.connect();
  // A timestamp without zone is UTC in both paths, whatever the machine's zone.
  await connection.run("SET TimeZone = 'UTC'");
  const accumulator = new FeedbackAccumulator(options.halfLifeDays);
  const summary = {
    events: 0,
    rated: 0,
    unrated: 0,
    ignored: 0,
    engine: "duckdb" as const,
    asOf: null as string | null,
  };
  let clean = true;
  try {
    // One bucket and "now" as the reference is exact unless some event is ~1000 half-lives from now
    // (2^±1000 leaves the doubles): then count again with half-life buckets.
    const referenceMs = Date.now();
    let rows = (
      await connection.runAndReadAll(duckDbCountSql(path, format, halfLifeMs, referenceMs))
    ).getRows();
    let bucketed = false;
    if (rows.some((row) => !representable(row[5], row[8]) || !representable(row[6], row[9]))) {
      rows = (await connection.runAndReadAll(duckDbCountSql(path, format, halfLifeMs))).getRows();
      bucketed = true;
    }
    for (const row of rows) {
      const [type, dealer, tone, bucket, total, up, down, unrated, upWeight, downWeight, latest] = row;
      const [parsed, minLength, moods, minMood] = row.slice(11);
      if (type !== null && type !== EVENT_TYPE) {
        summary.ignored += Number(total);
        continue;
      }
      const counted = Number(up) + Number(down) + Number(unrated);
      if (
        typeof dealer !== "string" ||
        dealer === "" ||
        typeof tone !== "string" ||
        tone === "" ||
        counted !== Number(total) ||
        Number(parsed) !== Number(total) ||
        Number(minLength) < MIN_TIMESTAMP_LENGTH ||
        Number(moods) !== Number(total) ||
        minMood === ""
      ) {
        clean = false;
        continue;
      }
      summary.events += counted;
      summary.rated += Number(up) + Number(down);
      summary.unrated += Number(unrated);
      accumulator.addBulk(
        dealer,
        tone,
        Number(up),
        Number(down),
        Number(unrated),
        Number(upWeight),
        Number(downWeight),
        bucketed ? Number(bucket) * width : referenceMs,
        Number(latest),
      );
    }
  } catch (error) {
    // A JSON syntax error or a non-object line: the streaming path reports it with its line.
    if (!/Invalid Input Error|Conversion Error|JSON/i.test((error as Error).message)) throw error;
    clean = false;
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  const counts = accumulator.finish();
  summary.asOf = Number.isNaN(counts.latestMs) ? null : new Date(counts.latestMs).toISOString();
  return { clean, counts, summary };
}
