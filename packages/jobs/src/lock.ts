import { mkdir, open, readFile, rm } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";

interface LockOwner {
  pid: number;
  host: string;
  acquiredAt: string;
}

/**
 * A per-job lock file that survives a crash: it names its owner's pid and host, and a lock whose owner
 * is gone (the pid no longer exists on this host) is taken over instead of blocking the job forever.
 */
export class JobLock {
  private readonly path: string;

  constructor(dataDir: string, job: string) {
    this.path = join(dataDir, "locks", `${job}.lock`);
  }

  /** Takes the lock; `false` when a live process holds it. */
  async acquire(): Promise<boolean> {
    await mkdir(join(this.path, ".."), { recursive: true });
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const handle = await open(this.path, "wx");
        const owner: LockOwner = { pid: process.pid, host: hostname(), acquiredAt: new Date().toISOString() };
        await handle.writeFile(JSON.stringify(owner));
        await handle.sync();
        await handle.close();
        return true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
        if (!(await this.ownerIsGone())) return false;
        await rm(this.path, { force: true });
      }
    }
    return false;
  }

  async release(): Promise<void> {
    await rm(this.path, { force: true });
  }

  private async ownerIsGone(): Promise<boolean> {
    let owner: LockOwner;
    try {
      owner = JSON.parse(await readFile(this.path, "utf8")) as LockOwner;
    } catch {
      // Unreadable: written by a process that crashed between create and write.
      return true;
    }
    if (owner.host !== hostname()) return false;
    try {
      process.kill(owner.pid, 0);
      return false;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === "ESRCH";
    }
  }
}
