import { mkdir, rename, rm } from "node:fs/promises";
import { basename, join } from "node:path";
import { DaiError, type Logger } from "@dai/core";
import type { Warehouse } from "../warehouse/types.js";
import type { IngestStats } from "./ingest.js";
import type { Spool } from "./spool.js";

const MAX_FILES_PER_LOAD = 16;

const isRefused = (error: unknown) => error instanceof DaiError && error.code === "spool_file_refused";

export interface LoaderOptions {
  readonly spool: Spool;
  readonly warehouse: Warehouse;
  readonly intervalMs: number;
  readonly logger: Logger;
  readonly stats: IngestStats;
}

/**
 * Every interval: seal the open spool file, load each sealed file into the warehouse (exactly once,
 * by the warehouse's ledger and event ids), then delete it. A failed load leaves the file for the
 * next round, so a warehouse outage delays data but never loses it.
 */
export function startLoader(options: LoaderOptions): { flush(): Promise<void>; stop(): Promise<void> } {
  const { spool, warehouse, logger, stats } = options;
  let current: Promise<void> | undefined;
  let queued: Promise<void> | undefined;

  async function round(): Promise<void> {
    await spool.rotate();
    const files = await spool.sealedFiles();
    stats.backlogFiles = files.length;
    // A loader that fell behind loads its backlog in groups, one transaction each.
    for (let start = 0; start < files.length; start += MAX_FILES_PER_LOAD) {
      const group = files.slice(start, start + MAX_FILES_PER_LOAD);
      try {
        await load(group);
      } catch (error) {
        if (!isRefused(error)) return keepForNextRound(group, error);
        // One file's content sinks its group's transaction: load them one by one to find it.
        for (const file of group) {
          try {
            await load([file]);
          } catch (fileError) {
            if (!isRefused(fileError)) return keepForNextRound([file], fileError);
            await setAside(file, fileError);
          }
        }
      }
    }
  }

  async function load(group: string[]): Promise<void> {
    const started = performance.now();
    const result = await warehouse.loadSpoolFiles(group);
    stats.lastLoadMs = Math.round(performance.now() - started);
    stats.maxLoadMs = Math.max(stats.maxLoadMs, stats.lastLoadMs);
    stats.loadedEvents += result.inserted;
    stats.duplicateEvents += result.duplicates;
    stats.loadedFiles += group.length;
    stats.lastLoadAt = new Date().toISOString();
    await Promise.all(group.map((file) => rm(file, { force: true })));
    stats.backlogFiles -= group.length;
  }

  function keepForNextRound(files: string[], error: unknown): void {
    stats.loadErrors++;
    logger.warn("telemetry load failed; the spool files are kept for the next round", { files, error });
  }

  /**
   * A file the warehouse refuses would block every later one, retried forever: it is moved to
   * `rejected/` beside the spool (kept, never deleted) and reported, and loading goes on.
   */
  async function setAside(file: string, error: unknown): Promise<void> {
    const rejected = join(spool.directory, "rejected");
    await mkdir(rejected, { recursive: true });
    await rename(file, join(rejected, basename(file)));
    stats.rejectedFiles++;
    stats.backlogFiles--;
    logger.error("telemetry spool file refused by the warehouse; set aside in rejected/", {
      file: join(rejected, basename(file)),
      error,
    });
  }

  function begin(): Promise<void> {
    current = round().finally(() => {
      current = undefined;
    });
    return current;
  }

  /** One round at a time; a flush during a round queues exactly one more (covering every later caller). */
  function flush(): Promise<void> {
    if (queued) return queued;
    if (!current) return begin();
    queued = current
      .catch(() => {})
      .then(() => {
        queued = undefined;
        return begin();
      });
    return queued;
  }

  const timer = setInterval(() => {
    void flush().catch(() => {});
  }, options.intervalMs);
  timer.unref();

  return {
    flush,
    async stop() {
      clearInterval(timer);
      await (queued ?? current)?.catch(() => {});
    },
  };
}
