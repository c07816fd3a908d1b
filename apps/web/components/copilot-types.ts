/**
 * The shapes the Copilot routes answer (`/api/copilot/*`), as the dashboard reads them. The web app does
 * not depend on @dai/copilot; these mirror its `CopilotReply`, `TonePoint` and the mood report.
 */
export type CopilotMessage = {
  id: string;
  dealerId: string;
  topic: "summary" | "kpi" | "score" | "forecast";
  kpi: string;
  tone: string;
  mood: string;
  text: string;
};

export type CopilotReply = {
  dealerId: string;
  dealerName: string;
  asOf: string | null;
  generatedAt: string;
  tone: {
    tone: string;
    weights: Record<string, number>;
    cluster: string | null;
    source: "cluster" | "global" | "uniform";
  };
  mood: { mood: string; kpiVariance: number; derivedAt: string; trend: number | null; why: string };
  generator: { kind: "template" | "model"; model?: string; fallback?: string };
  messages: CopilotMessage[];
  /** The caller's own earlier ratings: messageId → "up" | "down". */
  ratings?: Record<string, "up" | "down">;
};

type Interval = { mean: number; lower: number; upper: number };

export type TonePoint = {
  asOf: string;
  ratings: number;
  weights: Record<string, number>;
  intervals: Record<string, Interval>;
  clusters: Record<string, { fallback: boolean; weights: Record<string, number> }>;
};

export type ToneWeightsFile = {
  generatedAt: string;
  asOf: string | null;
  algorithm: { weights: string; halfLifeDays: number | null; floor: number; minClusterRatings: number };
  input: { events: number; rated: number; skipped: number };
  tones: string[];
  weights: Record<string, number>;
  previousWeights: Record<string, number> | null;
  change: Record<string, number> | null;
  posteriors: Record<string, Interval & { up: number; down: number }>;
  clusters: Record<
    string,
    {
      dealers: number;
      effectiveRatings: number;
      fallback: boolean;
      weights: Record<string, number>;
      posteriors: Record<string, Interval>;
    }
  >;
};

export type ToneOverview = {
  floor: number;
  file: ToneWeightsFile | null;
  history: TonePoint[];
  events: number;
};

export type MoodStats = {
  count: number;
  share: number;
  up: number;
  down: number;
  positiveShare: number | null;
  positiveNegativeRatio: number | null;
};

export type MoodReport = {
  generatedAt: string;
  asOf: string | null;
  windowDays: number | null;
  totals: { events: number; up: number; down: number; unrated: number };
  moods: Record<string, MoodStats>;
  overallSentiment: number | null;
  target: { label: string; met: boolean | null } | null;
  topMood: { mood: string; positiveShare: number; ratings: number } | null;
  recommendations: string[];
  trend: {
    previousGeneratedAt: string;
    overallSentiment: { previous: number | null; current: number | null; delta: number | null };
    topMood: { previous: string | null; current: string | null; changed: boolean };
    moods: Record<string, { shareDelta: number | null; positiveShareDelta: number | null }>;
  } | null;
};

export type MoodOverview = {
  report: MoodReport | null;
  target: { id: string; target: number; label: string };
  sentiment: { date: string; up: number; down: number; sentiment: number | null; rolling7: number | null }[];
};
