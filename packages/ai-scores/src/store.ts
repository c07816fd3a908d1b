import type { KpiRow } from "@dai/demo-data";
import { contentHash, etagOf } from "./hash.js";
import { tagsForDealer } from "./headers.js";
import { type ComputeScoresOptions, computeScores } from "./scoring.js";
import { toSummary } from "./summary.js";
import type { DealerScore, ScoreSummary } from "./types.js";
import type { ScoreDealer } from "./validate.js";

export interface ScoreResource {
  score: DealerScore;
  /** Strong ETag of `JSON.stringify(score)`. */
  etag: string;
}

/** One dealer whose score resource changed (its score, rank, health or history). */
export interface ScoreChange {
  dealerId: string;
  brand: string;
  region: string;
  groupId: string;
  previousScore: number | null;
  score: number | null;
  /** True when the headline score moved (not only its rank or history). */
  scoreChanged: boolean;
  etag: string | null;
  /** Cache tags to purge for this dealer. */
  tags: string[];
}

export interface ScoreUpdate {
  /** Store version after the update; bumps only when something changed. */
  version: number;
  asOf: string;
  changed: ScoreChange[];
  unchanged: number;
  /** Union of the changed dealers' tags: purge these. */
  tags: string[];
}

export interface ScoreInputs {
  dealers: readonly ScoreDealer[];
  rows: readonly KpiRow[];
  forecastAccuracy?: ComputeScoresOptions["forecastAccuracy"];
}

/**
 * Holds the current scores, recomputes them when inputs change and reports which dealers' score
 * resources changed (by content hash), so the API can publish score changes on the pulse stream
 * and purge cache tags.
 *
 * @example
 * const store = new ScoreStore();
 * store.subscribe((update) => bus.publish("score-change", update.changed));
 * store.setInputs({ dealers, rows });
 * store.appendRows(todaysRows).changed.map((c) => c.dealerId)
 */
export class ScoreStore {
  private resources = new Map<string, ScoreResource>();
  private summariesCache: ScoreSummary[] | undefined;
  private dealers: readonly ScoreDealer[] = [];
  private rows: KpiRow[] = [];
  private rowIndex = new Map<string, number>();
  private forecastAccuracy: ComputeScoresOptions["forecastAccuracy"];
  private readonly listeners = new Set<(update: ScoreUpdate) => void>();
  version = 0;
  asOf = "";

  constructor(private readonly options: Pick<ComputeScoresOptions, "historyDays"> = {}) {}

  /** Replaces all inputs and recomputes. */
  setInputs(inputs: ScoreInputs): ScoreUpdate {
    this.dealers = [...inputs.dealers];
    this.rows = [...inputs.rows];
    this.rowIndex = new Map(this.rows.map((row, index) => [`${row.dealerId}\u0000${row.date}`, index]));
    this.forecastAccuracy = inputs.forecastAccuracy;
    return this.recompute();
  }

  /** Adds new dealer-days or replaces existing ones (same dealer and date), then recomputes. */
  appendRows(rows: readonly KpiRow[]): ScoreUpdate {
    for (const row of rows) {
      const key = `${row?.dealerId}\u0000${row?.date}`;
      const existing = this.rowIndex.get(key);
      if (existing === undefined) {
        this.rowIndex.set(key, this.rows.length);
        this.rows.push(row);
      } else this.rows[existing] = row;
    }
    return this.recompute();
  }

  /** New forecast accuracies from the dealer twin (0–1 per dealer id). */
  setForecastAccuracy(accuracy: ComputeScoresOptions["forecastAccuracy"]): ScoreUpdate {
    this.forecastAccuracy = accuracy;
    return this.recompute();
  }

  /** Listeners run after every update that changed at least one dealer. */
  subscribe(listener: (update: ScoreUpdate) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get(dealerId: string): ScoreResource | undefined {
    return this.resources.get(dealerId);
  }

  list(): DealerScore[] {
    return [...this.resources.values()].map((r) => r.score);
  }

  /** List rows for tables, memoised per version. */
  summaries(): ScoreSummary[] {
    this.summariesCache ??= this.list().map(toSummary);
    return this.summariesCache;
  }

  /**
   * When the dealer's daily score changed within its kept history, as epoch ms at `hourUtc` of each
   * day its data arrived: feed to `TtlTuner.seedChanges` so a fresh process starts with the change
   * rate the history shows instead of the prior.
   */
  changeTimes(dealerId: string, hourUtc = 0): number[] {
    const score = this.resources.get(dealerId)?.score;
    if (!score) return [];
    const start = Date.parse(`${score.history.start}T00:00:00Z`);
    const times: number[] = [];
    const scores = score.history.scores;
    for (let i = 1; i < scores.length; i++) {
      if (scores[i] !== scores[i - 1]) times.push(start + i * 86_400_000 + hourUtc * 3_600_000);
    }
    return times;
  }

  /** A hash over every dealer's ETag: changes whenever any score resource does. */
  get dataVersion(): string {
    return contentHash([...this.resources.values()].map((r) => r.etag).join(""));
  }

  private recompute(): ScoreUpdate {
    const set = computeScores(this.dealers, this.rows, {
      forecastAccuracy: this.forecastAccuracy,
      historyDays: this.options.historyDays,
    });
    const next = new Map<string, ScoreResource>();
    const changed: ScoreChange[] = [];
    for (const score of set.dealers) {
      const etag = etagOf(JSON.stringify(score));
      const before = this.resources.get(score.dealerId);
      next.set(score.dealerId, before?.etag === etag ? before : { score, etag });
      if (before?.etag !== etag) changed.push(change(score, before?.score, etag));
    }
    for (const [id, before] of this.resources) {
      if (!next.has(id))
        changed.push({ ...change(before.score, before.score, null), score: null, scoreChanged: true });
    }
    this.resources = next;
    this.asOf = set.asOf;
    if (changed.length > 0) {
      this.version++;
      this.summariesCache = undefined;
    }
    const update: ScoreUpdate = {
      version: this.version,
      asOf: set.asOf,
      changed,
      unchanged: next.size - changed.filter((c) => c.etag !== null).length,
      tags: [...new Set(changed.flatMap((c) => c.tags))],
    };
    if (changed.length > 0) for (const listener of this.listeners) listener(update);
    return update;
  }
}

function change(score: DealerScore, before: DealerScore | undefined, etag: string | null): ScoreChange {
  return {
    dealerId: score.dealerId,
    brand: score.brand,
    region: score.region,
    groupId: score.groupId,
    previousScore: before?.score ?? null,
    score: score.score,
    scoreChanged: before?.score !== score.score,
    etag,
    tags: tagsForDealer(score),
  };
}
