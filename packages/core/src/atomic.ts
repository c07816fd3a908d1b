import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { mkdir, open, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

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
