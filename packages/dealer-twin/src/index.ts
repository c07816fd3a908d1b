export {
  createTwinUpdateCommand,
  readAllTwins,
  readDealerTwin,
  twinCommands,
  twinShowCommand,
  twinUpdateCommand,
} from "./commands.js";
export type { ForecastOptions, SeasonInfo, SeriesForecast } from "./forecast/auto.js";
export { forecastSeries } from "./forecast/auto.js";
export { naive, naive2, seasonalNaive } from "./forecast/baselines.js";
export type { CleanSeries, SeriesIssue } from "./forecast/clean.js";
export { cleanSeries } from "./forecast/clean.js";
export type { SeasonalAdjustment } from "./forecast/deseason.js";
export { classicalAdjustment, fourierAdjustment } from "./forecast/deseason.js";
export type { AiccRow, AutoEtsOptions, AutoEtsResult } from "./forecast/ets-auto.js";
export { autoEts, etsForecast, MAX_ETS_PERIOD } from "./forecast/ets-auto.js";
export type { ErrorType, EtsParams, EtsSpec, SeasonType, TrendType } from "./forecast/ets-core.js";
export { etsName } from "./forecast/ets-core.js";
export type { EtsModel, FitEtsOptions } from "./forecast/ets-fit.js";
export { fitEts } from "./forecast/ets-fit.js";
export { mape, mase, owa, smape } from "./forecast/metrics.js";
export type { NelderMeadOptions, NelderMeadResult } from "./forecast/nelder-mead.js";
export { nelderMead } from "./forecast/nelder-mead.js";
export { acf, isSeasonal, seasonalIndices } from "./forecast/seasonality.js";
export { theta } from "./forecast/theta.js";
export type { Forecast } from "./forecast/types.js";
export { Z80, Z95 } from "./forecast/types.js";
export type { TwinJobContext } from "./job/definition.js";
export { createDealerTwinJob } from "./job/definition.js";
export type { TwinLog, TwinRun } from "./job/log.js";
export { appendRun, MAX_LOG_RUNS, readTwinLog } from "./job/log.js";
export type { PoolOptions, PoolRun, WorkerFactory } from "./job/pool.js";
export { runPool } from "./job/pool.js";
export type { BadLine, DealerRows } from "./job/read-kpis.js";
export { parseRow, readKpiFile } from "./job/read-kpis.js";
export type { DeviationSummary, KpiDeviation } from "./job/summary.js";
export { PLATFORM_DEVIATION_DEFINITION, summarizeDeviation } from "./job/summary.js";
export type { TwinTask, TwinTaskResult } from "./job/task.js";
export { runTwinTask } from "./job/task.js";
export type { TwinUpdateHooks, TwinUpdateOptions } from "./job/update.js";
export { runTwinUpdate, TWIN_FILES } from "./job/update.js";
export type { M4Score, M4Series } from "./m4.js";
export { M4_WEEKLY_NAIVE2, readM4, scoreM4 } from "./m4.js";
export type { BuildTwinOptions } from "./twin/build.js";
export { buildDealerTwin, DAILY_PERIODS, explain, KPI_BOUNDS } from "./twin/build.js";
export { deviationWindow, findAnomalies } from "./twin/deviation.js";
export type { DeviationDistribution, TwinsSummary } from "./twin/summary.js";
export { dealerDeviation, twinsSummary } from "./twin/summary.js";
export type { Anomaly, DealerTwin, DeviationWindow, KpiTwin } from "./twin/types.js";
