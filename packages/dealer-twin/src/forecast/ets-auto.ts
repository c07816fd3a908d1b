import {
  type ErrorType,
  type EtsSpec,
  etsForecastVariance,
  etsName,
  etsPointForecast,
  type SeasonType,
  type TrendType,
} from "./ets-core.js";
import { type EtsModel, fitEts } from "./ets-fit.js";
import { type Forecast, forecastFromVariance } from "./types.js";

/** One row of the model-selection table: why the chosen model won. */
export interface AiccRow {
  model: string;
  aicc: number;
  aic: number;
  logLik: number;
  parameters: number;
}

export interface AutoEtsOptions {
  /** Seasonal period; seasonal models are tried when 2 ≤ period ≤ 24 and the data covers 2 periods. */
  period?: number;
  /** Restrict the trend, e.g. ["Ad"] for the damped-trend family only. */
  trends?: readonly TrendType[];
  /** Allow multiplicative error/season (only on positive data). Default true. */
  multiplicative?: boolean;
}

export interface AutoEtsResult {
  model: EtsModel;
  /** The best damped-trend model of the same search (for combinations), if one was fitted. */
  damped?: EtsModel;
  /** Every fitted model by name, e.g. "ETS(A,N,N)" (Theta reuses the SES fit). */
  fits: Map<string, EtsModel>;
  table: AiccRow[];
}

/** Longest season ETS holds as states; longer ones are handled by deseasonalising first (as R does). */
export const MAX_ETS_PERIOD = 24;

/**
 * Fits every admissible ETS model and keeps the one with the smallest AICc, like R's `ets()` with its
 * defaults (no multiplicative trend; additive error with multiplicative season excluded as
 * numerically unstable). Returns `undefined` when no model can be fitted.
 *
 * @example autoEts(y, { period: 7 })?.model.spec // { error: "M", trend: "Ad", season: "M", period: 7 }
 */
export function autoEts(y: Float64Array, options: AutoEtsOptions = {}): AutoEtsResult | undefined {
  const period = Math.round(options.period ?? 1);
  let positive = options.multiplicative ?? true;
  for (let t = 0; positive && t < y.length; t++) if (!(y[t]! > 0)) positive = false;
  const errors: ErrorType[] = positive ? ["A", "M"] : ["A"];
  const trends = options.trends ?? (["N", "A", "Ad"] as const);
  const seasons: SeasonType[] = ["N"];
  if (period >= 2 && period <= MAX_ETS_PERIOD && y.length >= 2 * period) {
    seasons.push("A");
    if (positive) seasons.push("M");
  }
  let best: EtsModel | undefined;
  let damped: EtsModel | undefined;
  const table: AiccRow[] = [];
  const fits = new Map<string, EtsModel>();
  for (const error of errors) {
    for (const trend of trends) {
      for (const season of seasons) {
        if (error === "A" && season === "M") continue;
        const spec: EtsSpec = { error, trend, season, period: season === "N" ? 1 : period };
        const model = fitEts(y, spec);
        if (!model || !Number.isFinite(model.aicc)) continue;
        fits.set(etsName(spec), model);
        table.push({
          model: etsName(spec),
          aicc: model.aicc,
          aic: model.aic,
          logLik: model.logLik,
          parameters: model.k,
        });
        if (!best || model.aicc < best.aicc) best = model;
        if (trend === "Ad" && (!damped || model.aicc < damped.aicc)) damped = model;
      }
    }
  }
  if (!best) return undefined;
  table.sort((a, b) => a.aicc - b.aicc);
  return damped ? { model: best, damped, table, fits } : { model: best, table, fits };
}

/**
 * Forecasts h steps from a fitted model, with 80% and 95% intervals.
 *
 * @example etsForecast(autoEts(y)!.model, 13).mean
 */
export function etsForecast(model: EtsModel, h: number): Forecast {
  const mean = new Float64Array(h);
  etsPointForecast(model.spec, model.params, model.level, model.trend, model.season, model.n, mean);
  const variance = new Float64Array(h);
  etsForecastVariance(model.spec, model.params, model.sigma2, mean, model.season, model.n, variance);
  return forecastFromVariance(etsName(model.spec), mean, variance);
}
