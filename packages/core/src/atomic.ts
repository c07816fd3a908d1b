import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { mkdir, open, readFile, rename, rm } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";

/**
 * The one way the repo writes a file: to a temp file beside the target, fsynced, then renamed over it,
 * then the directory fsynced. Readers see the old file or the new one, never half of one, and a
 * failed job leaves the previous output in place.
 *
 * @example await writeFileAtomic("data/mood-report.json", json)
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await writeVia(path, async (tempPath) => {
    const handle = await open(tempPath, "wx");
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
  });
}

/** Pretty-printed JSON with a trailing newline, written atomically. */
export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}

/**
 * Streams rows as NDJSON (one `JSON.stringify` per line) to a temp file, then renames: large exports
 * never sit in memory whole.
 */
export async function writeNdjsonAtomic(
  path: string,
  rows: Iterable<unknown> | AsyncIterable<unknown>,
): Promise<number> {
  let count = 0;
  await writeVia(path, async (tempPath) => {
    const stream = createWriteStream(tempPath, { flags: "wx" });
    const failed = once(stream, "error").then(([error]) => {
      throw error;
    });
    failed.catch(() => {});
    let buffer = "";
    for await (const row of rows) {
      buffer += `${JSON.stringify(row)}\n`;
      count++;
      if (buffer.length >= 1 << 16) {
        if (!stream.write(buffer)) await Promise.race([once(stream, "drain"), failed]);
        buffer = "";
      }
    }
    stream.end(buffer);
    await Promise.race([once(stream, "finish"), failed]);
    const handle = await open(tempPath, "r");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  });
  return count;
}

/** Per log file, the last append queued in this process: appends to one file run one at a time. */
const appendQueues = new Map<string, Promise<void>>();

/**
 * Appends whole lines to a log (NDJSON) and returns once they are on disk (`fdatasync`) — the one way
 * the repo appends to a file. Appends to one file run in call order, one at a time, so lines never
 * interleave; a failed append fails its caller only. A line left torn by a crash mid-append is ended
 * first, so the new record starts on a line of its own; a file this creates is made durable in its
 * directory too.
 *
 * @example await appendDurably("data/audit-log.ndjson", `${JSON.stringify(entry)}\n`)
 */
export function appendDurably(path: string, lines: string): Promise<void> {
  const key = resolve(path);
  const appended = (appendQueues.get(key) ?? Promise.resolve()).then(() => appendNow(path, lines));
  const settled = appended.catch(() => {});
  appendQueues.set(key, settled);
  void settled.then(() => {
    if (appendQueues.get(key) === settled) appendQueues.delete(key);
  });
  return appended;
}

async function appendNow(path: string, lines: string): Promise<void> {
  const directory = dirname(path);
  await mkdir(directory, { recursive: true });
  const handle = await open(path, "a+");
  let created = false;
  try {
    const { size } = await handle.stat();
    created = size === 0;
    let prefix = "";
    if (size > 0) {
      const { buffer } = await handle.read(Buffer.alloc(1), 0, 1, size - 1);
      if (buffer[0] !== 10) prefix = "\n";
    }
    await handle.appendFile(prefix + lines);
    await handle.datasync();
  } finally {
    await handle.close();
  }
  if (created) await syncDirectory(directory);
}

/**
 * The records of a log `appendDurably` writes, oldest first, after the appends this process has
 * queued. A line torn by a crash mid-append is skipped and the records around it stay; a log not
 * written yet has none.
 *
 * @example const runs = await readDurableLog<JobRunRecord>("data/job-runs.ndjson")
 */
export async function readDurableLog<T>(path: string): Promise<T[]> {
  await appendQueues.get(resolve(path));
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  const records: T[] = [];
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    try {
      records.push(JSON.parse(line) as T);
    } catch {
      // torn by a crash: skipped, as above
    }
  }
  return records;
}

async function writeVia(path: string, write: (tempPath: string) => Promise<void>): Promise<void> {
  const directory = dirname(path);
  await mkdir(directory, { recursive: true });
  const tempPath = join(directory, `.${basename(path)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
  try {
    await write(tempPath);
    await rename(tempPath, path);
  } catch (error) {
    await rm(tempPath, { force: true });
    throw error;
  }
  await syncDirectory(directory);
}

/**
 * Fsyncs a directory so a rename or a new file in it is durable; filesystems that refuse to fsync a
 * directory are tolerated (the data itself is already synced).
 */
export async function syncDirectory(directory: string): Promise<void> {
  try {
    const handle = await open(directory, "r");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // best effort
  }
}
