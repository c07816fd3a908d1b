import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { runTwinTask, type TwinTask, type TwinTaskResult } from "./task.js";

/** Creates one worker; injectable so the pool's mechanics can be tested without a build. */
export type WorkerFactory = () => Worker;

export interface PoolOptions {
  workers: number;
  /** Defaults to the compiled `worker.js` beside this module. */
  workerFactory?: WorkerFactory;
  onResult?: (result: TwinTaskResult) => void;
}

export interface PoolRun {
  results: TwinTaskResult[];
  mode: "worker_threads" | "in-process";
  workers: number;
  /** Why the run stayed in process, when it did. */
  note?: string;
}

/** The compiled worker entry, or undefined when running from TypeScript sources without a build. */
export function defaultWorkerPath(): string | undefined {
  const here = new URL("./worker.js", import.meta.url);
  if (existsSync(fileURLToPath(here))) return fileURLToPath(here);
  const built = new URL("../../dist/job/worker.js", import.meta.url);
  return existsSync(fileURLToPath(built)) ? fileURLToPath(built) : undefined;
}

/**
 * Runs twin tasks on `workers` threads, handing the next dealer to whichever worker finishes first.
 * A worker that crashes fails only the task it held (with the reason) and is replaced. With one
 * worker, or no compiled worker file, tasks run in this thread.
 *
 * @example await runPool(tasks, { workers: availableParallelism() })
 */
export async function runPool(tasks: readonly TwinTask[], options: PoolOptions): Promise<PoolRun> {
  const count = Math.max(1, Math.min(options.workers, tasks.length));
  const path = options.workerFactory ? undefined : defaultWorkerPath();
  const factory = options.workerFactory ?? (path ? () => new Worker(path) : undefined);
  if (count <= 1 || !factory) {
    const results: TwinTaskResult[] = [];
    for (const task of tasks) {
      const result = runTwinTask(task);
      results.push(result);
      options.onResult?.(result);
    }
    const run: PoolRun = { results, mode: "in-process", workers: 1 };
    if (!factory && count > 1) run.note = "compiled worker not found (run the build): ran in process";
    return run;
  }
  const results: TwinTaskResult[] = [];
  let next = 0;
  await new Promise<void>((resolve) => {
    let active = 0;
    const finish = (result: TwinTaskResult) => {
      results.push(result);
      options.onResult?.(result);
    };
    const start = () => {
      const worker = factory();
      active++;
      let current: TwinTask | undefined;
      const feed = () => {
        current = tasks[next++];
        if (current) worker.postMessage(current);
        else {
          current = undefined;
          void worker.terminate();
        }
      };
      worker.on("message", (result: TwinTaskResult) => {
        finish(result);
        feed();
      });
      worker.on("error", (error) => {
        if (current)
          finish({
            id: current.id,
            dealerId: current.dealerId,
            ok: false,
            reason: `worker crashed: ${error.message}`,
          });
        current = undefined;
      });
      worker.on("exit", (code) => {
        if (current) {
          finish({
            id: current.id,
            dealerId: current.dealerId,
            ok: false,
            reason: `worker exited with code ${code}`,
          });
          current = undefined;
        }
        active--;
        // A crashed worker is replaced while work remains.
        if (next < tasks.length) start();
        else if (active === 0) resolve();
      });
      feed();
    };
    for (let i = 0; i < count; i++) start();
  });
  results.sort((a, b) => a.id - b.id);
  return { results, mode: "worker_threads", workers: count };
}
