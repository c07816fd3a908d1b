/**
 * A fixed-window counter per key (e.g. sign-in failures per IP and per account). Small and
 * in-process: enough for one API process; several instances would share it through Redis.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one hit; returns whether it is still within the limit and when the window resets. */
  hit(key: string): { allowed: boolean; remaining: number; resetMs: number } {
    const now = this.now();
    let window = this.windows.get(key);
    if (!window || now - window.start >= this.windowMs) {
      window = { start: now, count: 0 };
      this.windows.set(key, window);
      if (this.windows.size > 10_000) this.prune(now);
    }
    window.count++;
    return {
      allowed: window.count <= this.limit,
      remaining: Math.max(0, this.limit - window.count),
      resetMs: window.start + this.windowMs - now,
    };
  }

  /** Whether the key is over the limit right now, without counting. */
  blocked(key: string): { blocked: boolean; resetMs: number } {
    const window = this.windows.get(key);
    const now = this.now();
    if (!window || now - window.start >= this.windowMs) return { blocked: false, resetMs: 0 };
    return { blocked: window.count >= this.limit, resetMs: window.start + this.windowMs - now };
  }

  reset(key: string): void {
    this.windows.delete(key);
  }

  private prune(now: number): void {
    for (const [key, window] of this.windows)
      if (now - window.start >= this.windowMs) this.windows.delete(key);
  }
}
