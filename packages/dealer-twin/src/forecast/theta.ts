import { etsForecast } from "./ets-auto.js";
import { type EtsModel, fitEts } from "./ets-fit.js";
import { linearFit } from "./linear.js";
import { type Forecast, forecastFromVariance } from "./types.js";

/**
 * The Theta method as R's `thetaf()` (Hyndman & Billah 2003): simple exponential smoothing fitted by
 * maximum likelihood plus half the slope of the linear trend, with the SES prediction intervals.
 * Deseasonalising is the caller's job (see `forecastSeries`); `sesFit` may pass an ETS(A,N,N) fit of the
 * same series to skip refitting. `undefined` when SES cannot be fitted.
 *
 * @example theta(y, 13)?.mean
 */
export function theta(y: Float64Array, h: number, sesFit?: EtsModel): Forecast | undefined {
  const n = y.length;
  const model = sesFit ?? fitEts(y, { error: "A", trend: "N", season: "N", period: 1 });
  if (!model) return undefined;
  const ses = etsForecast(model, h);
  const alpha = Math.max(1e-10, model.params.alpha);
  const drift = linearFit(y).slope / 2;
  const mean = new Float64Array(h);
  const variance = new Float64Array(h);
  const offset = (1 - (1 - alpha) ** n) / alpha;
  for (let i = 0; i < h; i++) {
    mean[i] = ses.mean[i]! + drift * (i + offset);
    const sd = (ses.upper95[i]! - ses.mean[i]!) / 1.959963984540054;
    variance[i] = sd * sd;
  }
  return forecastFromVariance("Theta", mean, variance);
}
