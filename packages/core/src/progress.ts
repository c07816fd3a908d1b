/** Progress of long work, shown on a terminal and silent elsewhere (CI logs get milestones only). */
export interface Progress {
  /** Starts a step; `total` enables a percentage. */
  start(label: string, total?: number): void;
  /** Moves the current step to `done` units. */
  update(done: number): void;
  /** Ends the current step with a one-line summary. */
  finish(summary?: string): void;
}

export const silentProgress: Progress = { start() {}, update() {}, finish() {} };

/**
 * Progress on a stream (stderr by default): a redrawn line on a TTY, start/finish lines otherwise,
 * throttled to ten redraws a second.
 */
export function createProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  const tty = Boolean(stream.isTTY);
  let label = "";
  let total: number | undefined;
  let startedAt = 0;
  let lastDraw = 0;
  return {
    start(nextLabel, nextTotal) {
      label = nextLabel;
      total = nextTotal;
      startedAt = Date.now();
      lastDraw = 0;
      if (!tty) stream.write(`${label}…\n`);
    },
    update(done) {
      if (!tty) return;
      const now = Date.now();
      if (now - lastDraw < 100) return;
      lastDraw = now;
      const share = total ? ` ${Math.floor((100 * done) / total)}% (${done}/${total})` : ` ${done}`;
      stream.write(`\r\x1b[2K${label}${share}`);
    },
    finish(summary) {
      const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
      const line = `${label}: ${summary ?? "done"} (${seconds}s)`;
      stream.write(tty ? `\r\x1b[2K${line}\n` : `${line}\n`);
    },
  };
}
