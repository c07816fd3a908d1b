/** Point forecasts and 80%/95% prediction intervals for steps 1…h. */
export interface Forecast {
  /** Method that produced it, e.g. "ETS(A,Ad,N)", "Theta", "Naive2", "Combination". */
  method: string;
  mean: Float64Array;
  lower80: Float64Array;
  upper80: Float64Array;
  lower95: Float64Array;
  upper95: Float64Array;
}

/** Standard normal quantiles of the two interval levels. */
export const Z80 = 1.2815515655446004;
export const Z95 = 1.959963984540054;

/** A forecast whose interval bounds are mean ± z·√variance per step. */
export function forecastFromVariance(method: string, mean: Float64Array, variance: Float64Array): Forecast {
  const h = mean.length;
  const forecast = emptyForecast(method, h);
  forecast.mean.set(mean);
  for (let i = 0; i < h; i++) {
    const sd = Math.sqrt(Math.max(variance[i] ?? 0, 0));
    const mu = mean[i] ?? 0;
    forecast.lower80[i] = mu - Z80 * sd;
    forecast.upper80[i] = mu + Z80 * sd;
    forecast.lower95[i] = mu - Z95 * sd;
    forecast.upper95[i] = mu + Z95 * sd;
  }
  return forecast;
}

export function emptyForecast(method: string, h: number): Forecast {
  return {
    method,
    mean: new Float64Array(h),
    lower80: new Float64Array(h),
    upper80: new Float64Array(h),
    lower95: new Float64Array(h),
    upper95: new Float64Array(h),
  };
}
