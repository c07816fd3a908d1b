import { randomBytes } from "node:crypto";
import { type FileHandle, mkdir, open, readdir, rename, rm, stat, truncate } from "node:fs/promises";
import { join } from "node:path";
import { syncDirectory } from "@dai/core";

const OPEN_SUFFIX = ".ndjson.open";
const SEALED_SUFFIX = ".ndjson";

interface Waiter {
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * The durable spool in front of the warehouse: accepted events are appended as NDJSON to the open
 * file and `fdatasync`ed before the ingest acknowledges them. Concurrent appends share one write and
 * one sync (group commit), which is what makes durable-before-ack affordable at high rates.
 * `rotate()` seals the open file for the loader; file names sort by creation time and never repeat,
 * so the warehouse's ledger of loaded files can tell a replay from a new file.
 *
 * @example const spool = await openSpool("data/telemetry-spool"); await spool.append(lines);
 */
export class Spool {
  #handle: FileHandle | undefined;
  #openPath: string | undefined;
  #pending: Buffer[] = [];
  #waiters: Waiter[] = [];
  #rotateWaiters: { resolve(path: string | undefined): void; reject(error: unknown): void }[] = [];
  #running = false;
  #closed = false;
  /** Bytes written to the open file; rotation of an empty file is skipped. */
  #openBytes = 0;

  constructor(readonly directory: string) {}

  /** Appends NDJSON (ending in a newline); resolves once it is on disk. */
  append(lines: string | Buffer): Promise<void> {
    if (this.#closed) return Promise.reject(new Error("spool is closed"));
    return new Promise<void>((resolve, reject) => {
      this.#pending.push(typeof lines === "string" ? Buffer.from(lines) : lines);
      this.#waiters.push({ resolve, reject });
      this.#kick();
    });
  }

  /** Seals the open file (after in-flight appends) and returns its sealed path, or undefined if empty. */
  rotate(): Promise<string | undefined> {
    return new Promise((resolve, reject) => {
      this.#rotateWaiters.push({ resolve, reject });
      this.#kick();
    });
  }

  /** Sealed files waiting for the loader, oldest first. */
  async sealedFiles(): Promise<string[]> {
    const names = await readdir(this.directory);
    return names
      .filter((name) => name.endsWith(SEALED_SUFFIX))
      .sort()
      .map((name) => join(this.directory, name));
  }

  async close(): Promise<void> {
    await this.rotate();
    this.#closed = true;
  }

  #kick(): void {
    if (this.#running) return;
    this.#running = true;
    void this.#run().finally(() => {
      this.#running = false;
      if (this.#pending.length > 0 || this.#rotateWaiters.length > 0) this.#kick();
    });
  }

  async #run(): Promise<void> {
    while (this.#pending.length > 0 || this.#rotateWaiters.length > 0) {
      if (this.#pending.length > 0) {
        const data = Buffer.concat(this.#pending);
        const waiters = this.#waiters;
        this.#pending = [];
        this.#waiters = [];
        const before = this.#openBytes;
        try {
          const handle = await this.#ensureOpen();
          await handle.appendFile(data);
          await handle.datasync();
          this.#openBytes += data.length;
          for (const waiter of waiters) waiter.resolve();
        } catch (error) {
          // A half-written batch must not stay in front of the next one: cut it back, or start a new file.
          await this.#handle?.truncate(before).catch(() => this.#abandon());
          for (const waiter of waiters) waiter.reject(error);
        }
        continue;
      }
      const waiters = this.#rotateWaiters;
      this.#rotateWaiters = [];
      try {
        const sealed = await this.#seal();
        for (const waiter of waiters) waiter.resolve(sealed);
      } catch (error) {
        for (const waiter of waiters) waiter.reject(error);
      }
    }
  }

  async #ensureOpen(): Promise<FileHandle> {
    if (this.#handle) return this.#handle;
    const name = `${Date.now().toString().padStart(15, "0")}-${randomBytes(4).toString("hex")}`;
    this.#openPath = join(this.directory, `${name}${OPEN_SUFFIX}`);
    this.#handle = await open(this.#openPath, "a");
    this.#openBytes = 0;
    await syncDirectory(this.directory);
    return this.#handle;
  }

  #abandon(): void {
    void this.#handle?.close().catch(() => {});
    this.#handle = undefined;
    this.#openPath = undefined;
  }

  async #seal(): Promise<string | undefined> {
    const handle = this.#handle;
    const openPath = this.#openPath;
    if (!handle || !openPath) return undefined;
    this.#handle = undefined;
    this.#openPath = undefined;
    await handle.close();
    if (this.#openBytes === 0) {
      await rm(openPath, { force: true });
      return undefined;
    }
    const sealed = openPath.slice(0, -OPEN_SUFFIX.length) + SEALED_SUFFIX;
    await rename(openPath, sealed);
    return sealed;
  }
}

/**
 * Opens the spool directory, sealing files a crashed process left open. A torn last line was never
 * acknowledged (its sync had not returned), so it is cut off rather than loaded.
 */
export async function openSpool(directory: string): Promise<Spool> {
  await mkdir(directory, { recursive: true });
  for (const name of (await readdir(directory)).sort()) {
    if (!name.endsWith(OPEN_SUFFIX)) continue;
    const path = join(directory, name);
    await cutTornLine(path);
    if ((await stat(path)).size === 0) await rm(path, { force: true });
    else await rename(path, path.slice(0, -OPEN_SUFFIX.length) + SEALED_SUFFIX);
  }
  await syncDirectory(directory);
  return new Spool(directory);
}

async function cutTornLine(path: string): Promise<void> {
  const handle = await open(path, "r");
  try {
    const { size } = await handle.stat();
    const chunk = Buffer.alloc(Math.min(size, 1 << 20));
    let end = size;
    while (end > 0) {
      const start = Math.max(0, end - chunk.length);
      const { bytesRead } = await handle.read(chunk, 0, end - start, start);
      const newline = chunk.subarray(0, bytesRead).lastIndexOf(10);
      if (newline >= 0) {
        end = start + newline + 1;
        break;
      }
      end = start;
    }
    if (end !== size) await truncate(path, end);
  } finally {
    await handle.close();
  }
}
