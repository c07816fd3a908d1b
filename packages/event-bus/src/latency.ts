/**
 * Fixed-memory latency histogram (1 ms buckets up to `maxMs`, one overflow bucket) for the
 * "unified update latency" metric: record every delivery, read p50/p99, reset per reporting window.
 *
 * @example
 * const recorder = new LatencyRecorder();
 * recorder.record(Date.now() - envelope.publishedAt);
 * recorder.summary(); // { count, p50, p99, max }
 */
export class LatencyRecorder {
  private readonly buckets: Uint32Array;
  private total = 0;
  private maxSeen = 0;

  constructor(private readonly maxMs = 60_000) {
    this.buckets = new Uint32Array(maxMs + 2);
  }

  record(ms: number): void {
    // Clocks of two processes can disagree by a little; a negative latency counts as 0.
    const value = Number.isFinite(ms) ? Math.max(0, Math.round(ms)) : this.maxMs + 1;
    const index = Math.min(value, this.maxMs + 1);
    this.buckets[index] = (this.buckets[index] ?? 0) + 1;
    this.total += 1;
    if (value > this.maxSeen) this.maxSeen = value;
  }

  /** Latency (ms) at quantile `q` (0–1); `undefined` when nothing was recorded. */
  quantile(q: number): number | undefined {
    if (this.total === 0) return undefined;
    const rank = Math.max(1, Math.ceil(q * this.total));
    let seen = 0;
    for (let i = 0; i < this.buckets.length; i++) {
      seen += this.buckets[i] ?? 0;
      if (seen >= rank) return i;
    }
    return this.maxMs + 1;
  }

  summary(): { count: number; p50: number | undefined; p99: number | undefined; max: number | undefined } {
    return {
      count: this.total,
      p50: this.quantile(0.5),
      p99: this.quantile(0.99),
      max: this.total === 0 ? undefined : this.maxSeen,
    };
  }

  reset(): void {
    this.buckets.fill(0);
    this.total = 0;
    this.maxSeen = 0;
  }
}
