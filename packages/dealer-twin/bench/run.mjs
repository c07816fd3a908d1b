// Benchmarks of @dai/dealer-twin, side by side in one run:
// 1. M4 Weekly (359 series, h = 13, organisers' scoring): Naive2, Theta, ETS, damped ETS and the final
//    combination, against the R figures measured on this machine (../shared/data/README.md) and
//    against our own Naive2 from the same run; time per method on one core.
// 2. The demo data: the daily twin job over every dealer, and the platform forecast deviation of the
//    last 28 days against the manifest target, next to a seasonal-naive baseline.
// Run: pnpm --filter @dai/dealer-twin build && pnpm --filter @dai/dealer-twin bench
import { mkdtemp, rm } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { findProjectRoot } from "@dai/core";
import { KPI_NAMES, seedDemoData } from "@dai/demo-data";
import {
  deviationWindow,
  forecastSeries,
  M4_WEEKLY_NAIVE2,
  naive2,
  readKpiFile,
  readM4,
  runTwinUpdate,
  scoreM4,
  seasonalNaive,
} from "../dist/index.js";

const root = findProjectRoot() ?? process.cwd();
const m4Dir = join(root, "..", "shared", "data", "m4");
const H = 13;
const WEEKLY_PERIODS = [365.25 / 7];

// R 4.2.2 + forecast 8.20 on this machine, organisers' rules (../shared/data/README.md).
const R = {
  Naive2: { smape: 9.161, mase: 2.777, owa: 1.0, seconds: 0.27 },
  "Theta (thetaf)": { smape: 9.089, mase: 2.639, owa: 0.971, seconds: 1.49 },
  "ETS (ets)": { smape: 8.727, mase: 2.527, owa: 0.931, seconds: 16.85 },
  "Damped (ets damped)": { smape: 8.867, mase: 2.4, owa: 0.916, seconds: 6.11 },
  "ARIMA (auto.arima)": { smape: 8.593, mase: 2.541, owa: 0.927, seconds: 86.6 },
};

function timed(fn) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const value = fn();
  const cpu = process.cpuUsage(cpu0);
  return { value, wall: (performance.now() - t0) / 1000, cpu: (cpu.user + cpu.system) / 1e6 };
}

const series = await readM4(m4Dir, "Weekly");
console.log(
  `M4 Weekly: ${series.length} series, h = ${H}, MASE with m = 1; OWA against the published Naive2 (9.161 / 2.777)`,
);
const methods = [
  ["Naive2", (y) => naive2(y, H, 1), "Naive2"],
  [
    "Theta",
    (y) => forecastSeries(y, { h: H, periods: WEEKLY_PERIODS, method: "theta" }).forecast,
    "Theta (thetaf)",
  ],
  [
    "ETS (auto, AICc)",
    (y) => forecastSeries(y, { h: H, periods: WEEKLY_PERIODS, method: "ets" }).forecast,
    "ETS (ets)",
  ],
  [
    "Damped ETS",
    (y) => forecastSeries(y, { h: H, periods: WEEKLY_PERIODS, method: "damped" }).forecast,
    "Damped (ets damped)",
  ],
  ["Theta, no season", (y) => forecastSeries(y, { h: H, method: "theta" }).forecast, "Theta (thetaf)"],
  ["ETS, no season", (y) => forecastSeries(y, { h: H, method: "ets" }).forecast, "ETS (ets)"],
  ["Final: combination", (y) => forecastSeries(y, { h: H, periods: WEEKLY_PERIODS }).forecast, "ETS (ets)"],
];
/** Share of test values inside the 80% and 95% intervals, percent. */
function coverage(forecasts) {
  let in80 = 0;
  let in95 = 0;
  let n = 0;
  series.forEach((s, i) => {
    const f = forecasts[i];
    for (let j = 0; j < H; j++) {
      const y = s.test[j];
      n++;
      if (y >= f.lower80[j] && y <= f.upper80[j]) in80++;
      if (y >= f.lower95[j] && y <= f.upper95[j]) in95++;
    }
  });
  return `${((100 * in80) / n).toFixed(1)} / ${((100 * in95) / n).toFixed(1)}`;
}
// Warm-up so the JIT does not bill the first method.
for (const s of series.slice(0, 40)) forecastSeries(s.train, { h: H, periods: WEEKLY_PERIODS });
const rows = [];
let ownNaive2;
for (const [name, method, reference] of methods) {
  const run = timed(() => series.map((s) => method(s.train)));
  const score = scoreM4(
    series,
    run.value.map((f) => f.mean),
    M4_WEEKLY_NAIVE2,
  );
  if (name === "Naive2") ownNaive2 = score;
  const r = R[reference];
  rows.push({
    method: name,
    sMAPE: score.smape.toFixed(3),
    MASE: score.mase.toFixed(3),
    OWA: score.owa.toFixed(3),
    "OWA vs own Naive2": (0.5 * (score.smape / ownNaive2.smape + score.mase / ownNaive2.mase)).toFixed(3),
    "R peer": reference,
    "R OWA": r.owa.toFixed(3),
    "OWA ratio (ours/R)": (score.owa / r.owa).toFixed(3),
    "coverage 80/95 %": coverage(run.value),
    "wall s": run.wall.toFixed(2),
    "CPU s": run.cpu.toFixed(2),
    "R s": r.seconds.toFixed(2),
    "speed-up vs R": `${(r.seconds / run.cpu).toFixed(1)}×`,
  });
}
console.table(rows);
const final = rows.at(-1);
console.log(
  `final method: OWA ${final.OWA} (target ≤ 0.90; R ets() 0.931, auto.arima 0.927), all ${series.length} series in ${final["CPU s"]} s CPU / ${final["wall s"]} s wall on one core (target < 1.5 s; R ets() 16.85 s)`,
);

// 2. Demo data: the twin job and the platform forecast deviation.
const dir = await mkdtemp(join(tmpdir(), "dai-twin-bench-"));
try {
  await seedDemoData({ dataDir: dir, endDate: "2026-11-24" });
  const workers = availableParallelism();
  const cpu0 = process.cpuUsage();
  const job = await runTwinUpdate({ dataDir: dir, horizonDays: 28, deviationTarget: 5, workers });
  const cpu = process.cpuUsage(cpu0);
  console.log(
    `\nDemo data (${job.dealers.total} dealers × 5 KPIs × 730 days, seed 42, end 2026-11-24): twin job ${(job.durationMs / 1000).toFixed(1)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU over ${job.parallelism.workers} ${job.parallelism.mode} workers (3 forecasts per series: now, 7 and 28 days ago), ${job.dealers.failed} failures`,
  );
  // Baseline in the same run: weekly seasonal naive issued 28 days before the end.
  const { dealers } = await readKpiFile(join(dir, "kpi-daily.ndjson"));
  const baseline = {};
  for (const kpi of KPI_NAMES) {
    const stats = { mape: [], total: [] };
    for (const { rows: kpiRows } of dealers) {
      const values = Float64Array.from(kpiRows, (row) => row[kpi]);
      const cut = values.length - 28;
      const f = seasonalNaive(values.subarray(0, cut), 28, 7);
      const d = deviationWindow(null, values.subarray(cut), f.mean, 28);
      if (d.mape !== null) stats.mape.push(d.mape);
      if (d.totalError !== null) stats.total.push(d.totalError);
    }
    baseline[kpi] = {
      mape: stats.mape.reduce((a, b) => a + b, 0) / stats.mape.length,
      total: stats.total.reduce((a, b) => a + b, 0) / stats.total.length,
    };
  }
  console.table(
    KPI_NAMES.map((kpi) => {
      const d = job.deviation.byKpi[kpi];
      return {
        KPI: kpi,
        "MAPE 7d": d.mape7,
        "MAPE 28d": d.mape28,
        "sMAPE 28d": d.smape28,
        "28-day total error": d.totalError28,
        "SNaive MAPE 28d": Number(baseline[kpi].mape.toFixed(3)),
        "SNaive total error": Number(baseline[kpi].total.toFixed(3)),
      };
    }),
  );
  const checked = job.dealers.updated * KPI_NAMES.length * 28;
  console.log(
    `95% interval coverage over the last 28 days: ${(100 - (100 * job.anomalies) / checked).toFixed(1)}% (${job.anomalies} anomalies in ${checked} dealer-KPI-days)`,
  );
  const snaivePlatform = KPI_NAMES.reduce((sum, kpi) => sum + baseline[kpi].total, 0) / KPI_NAMES.length;
  const p = job.deviation.platform;
  console.log(
    `platform forecast deviation: ${p.value}% (target < ${p.target}%: ${p.meetsTarget ? "met" : "NOT met"}); seasonal naive ${snaivePlatform.toFixed(3)}% — ${p.definition}`,
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
