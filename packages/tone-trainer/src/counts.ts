const DAY_MS = 86_400_000;
/** Rescale when the newest event runs this many half-lives past the reference (keeps 2^x finite). */
const RESCALE_HALF_LIVES = 32;

/** Feedback of one dealer × tone: raw counts and time-decayed sums. */
export interface CellCounts {
  up: number;
  down: number;
  /** Shown but not rated. */
  none: number;
  /** Σ 2^(−age/halfLife) over thumbs up, relative to the accumulator's reference time. */
  upWeight: number;
  downWeight: number;
}

/** Counts keyed by dealer and tone, decayed to the newest event's time. */
export interface FeedbackCounts {
  /** Newest event time (ms since epoch); NaN when empty. */
  readonly latestMs: number;
  readonly halfLifeDays: number | undefined;
  /** dealerId → tone → counts, with weights decayed to `latestMs`. */
  readonly cells: ReadonlyMap<string, ReadonlyMap<string, Readonly<CellCounts>>>;
}

/**
 * Streaming accumulator of thumbs up/down by dealer × tone with exponential time decay: an event of
 * age a days weighs 2^(−a / halfLife), age measured from the newest event seen (so a rerun on the same
 * file is reproducible and a quiet weekend does not wipe out the evidence). Weights are kept relative
 * to a moving reference time and rescaled lazily, so one pass suffices whatever the order of events.
 * `halfLifeDays` undefined or ≤ 0 means no decay.
 *
 * @example const acc = new FeedbackAccumulator(14); acc.add("d1", "friendly", "up", Date.parse(ts)); acc.finish()
 */
export class FeedbackAccumulator {
  readonly #halfLifeMs: number;
  readonly #cells = new Map<string, Map<string, CellCounts>>();
  #referenceMs = Number.NaN;
  #latestMs = Number.NaN;

  constructor(readonly halfLifeDays: number | undefined) {
    this.#halfLifeMs = halfLifeDays !== undefined && halfLifeDays > 0 ? halfLifeDays * DAY_MS : Infinity;
  }

  /** One event; `feedback` null means shown but not rated. */
  add(dealerId: string, tone: string, feedback: "up" | "down" | null, timeMs: number): void {
    if (feedback === "up") this.addBulk(dealerId, tone, 1, 0, 0, 1, 0, timeMs);
    else if (feedback === "down") this.addBulk(dealerId, tone, 0, 1, 0, 0, 1, timeMs);
    else this.addBulk(dealerId, tone, 0, 0, 1, 0, 0, timeMs);
  }

  /**
   * Pre-aggregated counts (DuckDB's path): `upWeight`/`downWeight` are Σ 2^((t − atMs)/halfLife) of the
   * group, i.e. already decayed to `atMs`; `latestMs` is the group's newest event.
   */
  addBulk(
    dealerId: string,
    tone: string,
    up: number,
    down: number,
    none: number,
    upWeight: number,
    downWeight: number,
    atMs: number,
    latestMs = atMs,
  ): void {
    if (Number.isNaN(this.#referenceMs)) this.#referenceMs = atMs;
    if (!(latestMs <= this.#latestMs)) this.#latestMs = latestMs;
    if (atMs > this.#referenceMs + RESCALE_HALF_LIVES * this.#halfLifeMs) this.#rebase(atMs);
    const scale = this.#halfLifeMs === Infinity ? 1 : 2 ** ((atMs - this.#referenceMs) / this.#halfLifeMs);
    let byTone = this.#cells.get(dealerId);
    if (!byTone) {
      byTone = new Map();
      this.#cells.set(dealerId, byTone);
    }
    let cell = byTone.get(tone);
    if (!cell) {
      cell = { up: 0, down: 0, none: 0, upWeight: 0, downWeight: 0 };
      byTone.set(tone, cell);
    }
    cell.up += up;
    cell.down += down;
    cell.none += none;
    cell.upWeight += upWeight * scale;
    cell.downWeight += downWeight * scale;
  }

  #rebase(referenceMs: number): void {
    const factor = 2 ** ((this.#referenceMs - referenceMs) / this.#halfLifeMs);
    for (const byTone of this.#cells.values()) {
      for (const cell of byTone.values()) {
        cell.upWeight *= factor;
        cell.downWeight *= factor;
      }
    }
    this.#referenceMs = referenceMs;
  }

  /** The counts, decayed to the newest event. The accumulator can keep going afterwards. */
  finish(): FeedbackCounts {
    if (!Number.isNaN(this.#latestMs)) this.#rebase(this.#latestMs);
    const cells = new Map<string, Map<string, CellCounts>>();
    for (const [dealer, byTone] of this.#cells) {
      cells.set(dealer, new Map([...byTone].map(([tone, cell]) => [tone, { ...cell }])));
    }
    return { latestMs: this.#latestMs, halfLifeDays: this.halfLifeDays, cells };
  }
}
