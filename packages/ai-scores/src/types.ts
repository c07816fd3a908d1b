/** Keys of the AI Visibility score's components, in display order. */
export type ComponentKey = "visibility" | "reputation" | "sentiment" | "conversion" | "momentum";

/** One weighted part of a score, with the raw inputs it came from, so a person can check it. */
export interface ScoreComponent {
  key: ComponentKey;
  label: string;
  /** Share of the score, 0–1; the weights of a score sum to 1. */
  weight: number;
  /** Normalised value, 0–1. */
  value: number;
  /** `weight × value × 100`: what this component adds to the 0–100 score. */
  points: number;
  /** The raw numbers the value was computed from (window means and sums). */
  inputs: Record<string, number>;
  /** How `value` follows from `inputs`, in words. */
  formula: string;
}

/** Position of a dealer among its peers (same brand, same region, or everyone). */
export interface PeerRank {
  /** 1 = best; ties share a rank (competition ranking: 1, 2, 2, 4). */
  rank: number;
  /** Number of peers including the dealer. */
  of: number;
  /** 0–100: share of the other peers scoring lower (ties count half); 100 for a group of one. */
  percentile: number;
}

export type HealthInputKey = "aiVisibility" | "forecastAccuracy" | "sentiment" | "performance";

export interface HealthInput {
  key: HealthInputKey;
  label: string;
  /** Configured weight, 0–1. */
  weight: number;
  /** Weight after renormalising over the available inputs (0 when missing). */
  effectiveWeight: number;
  /** Normalised value 0–1, or null when the input is not available. */
  value: number | null;
  source: string;
}

/** The DealershipAI Health index (the seed's "Quantum Metrics Index"). */
export interface HealthIndex {
  /** 0–100, or null when no input is available. */
  value: number | null;
  inputs: HealthInput[];
  /** Keys of inputs that were not available; their weight was spread over the others. */
  missing: HealthInputKey[];
  renormalised: boolean;
  note: string;
}

export interface ScoreTrend {
  /** Score change over 7 / 28 days, or null when the history is shorter. */
  delta7: number | null;
  delta28: number | null;
  score7dAgo: number | null;
  score28dAgo: number | null;
}

/** A dealer's daily score series: `scores[i]` is the score on `start + i` days. */
export interface ScoreHistory {
  start: string;
  scores: number[];
}

/** Everything about one dealer's AI Visibility score. */
export interface DealerScore {
  dealerId: string;
  name: string;
  brand: string;
  region: string;
  groupId: string;
  /** The date of the dealer's latest KPI row, which the score describes. */
  asOf: string;
  /** AI Visibility score 0–100, one decimal. */
  score: number;
  components: ScoreComponent[];
  trend: ScoreTrend;
  ranks: { brand: PeerRank; region: PeerRank; overall: PeerRank };
  health: HealthIndex;
  history: ScoreHistory;
}

/** The list view of a score: what a sortable table with sparklines needs. */
export interface ScoreSummary {
  dealerId: string;
  name: string;
  brand: string;
  region: string;
  groupId: string;
  asOf: string;
  score: number;
  delta7: number | null;
  delta28: number | null;
  health: number | null;
  brandRank: number;
  brandPercentile: number;
  regionRank: number;
  regionPercentile: number;
  /** The last (up to) 28 daily scores, oldest first. */
  sparkline: number[];
}

/** Min/max TTL and the stale-while-revalidate ceiling, from the manifest. */
export interface CacheBounds {
  minTtlSeconds: number;
  maxTtlSeconds: number;
  staleWhileRevalidateSeconds: number;
}
