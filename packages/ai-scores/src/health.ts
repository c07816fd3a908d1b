import { clamp01, HEALTH_KEYS, HEALTH_MODEL, round } from "./model.js";
import type { HealthIndex, HealthInput, HealthInputKey } from "./types.js";

/** Inputs of the Health index, each normalised to 0–1; leave one out when it is not available yet. */
export type HealthInputs = Partial<Record<HealthInputKey, number | null>>;

const SOURCES: Record<HealthInputKey, string> = {
  aiVisibility: "AI Visibility score ÷ 100",
  forecastAccuracy: "dealer twin: 1 − MAPE of the lead forecast (passed in)",
  sentiment: "mean KPI sentiment over 28 days",
  performance: "½ lead conversion value + ½ lead trend (28 d vs the 28 d before)",
};

/**
 * The DealershipAI Health index (0–100) with every weight and input shown. Inputs that are missing,
 * null or not finite drop out; the remaining weights are divided by their sum, and the result says so.
 *
 * @example computeHealth({ aiVisibility: 0.62, sentiment: 0.7, performance: 0.55 }).missing // ["forecastAccuracy"]
 */
export function computeHealth(inputs: HealthInputs): HealthIndex {
  let available = 0;
  for (const key of HEALTH_KEYS) {
    const value = inputs[key];
    if (typeof value === "number" && Number.isFinite(value)) available += HEALTH_MODEL.weights[key];
  }
  const missing: HealthInputKey[] = [];
  const rows: HealthInput[] = [];
  let total = 0;
  for (const key of HEALTH_KEYS) {
    const raw = inputs[key];
    const present = typeof raw === "number" && Number.isFinite(raw);
    const weight = HEALTH_MODEL.weights[key];
    const value = present ? clamp01(raw) : null;
    const effectiveWeight = present && available > 0 ? weight / available : 0;
    if (value === null) missing.push(key);
    else total += effectiveWeight * value;
    rows.push({
      key,
      label: HEALTH_MODEL.labels[key],
      weight,
      effectiveWeight: round(effectiveWeight, 4),
      value: value === null ? null : round(value, 4),
      source: SOURCES[key],
    });
  }
  const renormalised = missing.length > 0 && available > 0;
  const note =
    available === 0
      ? "no input available"
      : renormalised
        ? `missing ${missing.join(", ")}: the other weights were divided by ${round(available, 4)} so they sum to 1`
        : "all inputs available";
  return { value: available > 0 ? round(100 * total, 1) : null, inputs: rows, missing, renormalised, note };
}
