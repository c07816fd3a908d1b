import { unitSuffix } from "@dai/manifest-schema";
import { barChart, lineChart } from "./charts.js";
import { type Figure, figure } from "./document.js";
import { formatNumber, type ReportData, type ReportMetric } from "./gather.js";

// The charts of `reportDocument`, apart so its sentences and tables read without the chart options.
// Every chart is given the words it shows when it has no data, so an empty chart never looks like zero.

export const minute = (time: string) => time.slice(0, 16).replace("T", " ");
const percent = (v: number) => `${formatNumber(v)}%`;
const wholePercent = (v: number) => `${v.toFixed(0)}%`;
const daily = (points: { day: string; value: number }[]) =>
  points.map((p) => ({ label: p.day, value: p.value }));

export const metricFigure = (m: ReportMetric): Figure =>
  figure(
    `${m.name}: daily value (${unitSuffix(m.unit).trim() || m.unit}) against the target ${m.targetLabel}`,
    lineChart({
      title: `${m.name} per day`,
      series: [{ name: m.name, points: daily(m.points) }],
      target: { value: m.target, label: m.targetLabel },
      width: 420,
      height: 180,
    }),
  );

export const healthFigures = (health: ReportData["health"]): Figure[] => [
  figure(
    "Health index inputs: mean value (0–1) over dealers",
    barChart(
      {
        title: "Health index inputs",
        bars: health.inputs
          .filter((i) => i.mean !== null)
          .map((i) => ({ label: `${i.label} (×${i.weight})`, value: i.mean as number })),
        format: (v) => v.toFixed(2),
        max: 1,
        width: 420,
      },
      health.note ?? "no health inputs",
    ),
  ),
  figure(
    "Mean AI Visibility score per day (0–100)",
    lineChart(
      {
        title: "Mean AI Visibility score per day",
        series: [{ name: "AI Visibility", points: daily(health.aiVisibility) }],
        width: 420,
        height: 180,
      },
      health.note ?? "no score history this month",
    ),
  ),
];

export const attainmentFigure = (attainment: ReportData["attainment"]): Figure =>
  figure(
    "Success-metric attainment per day (%)",
    lineChart(
      {
        title: "Success-metric attainment per day",
        series: [{ name: "Attainment", points: daily(attainment.points) }],
        format: wholePercent,
      },
      "no success metric had a daily value",
    ),
  );

export const forecastFigures = (forecast: ReportData["forecast"]): Figure[] => [
  figure(
    "Platform deviation per twin run (%)",
    lineChart(
      {
        title: "Platform forecast deviation per run",
        series: [
          {
            name: "deviation",
            points: forecast.runs.map((r) => ({ label: minute(r.time), value: r.value })),
          },
        ],
        target: { value: forecast.target, label: forecast.targetLabel },
        format: percent,
        width: 420,
        height: 180,
      },
      "the dealer twin did not run this month",
    ),
  ),
  figure(
    "28-day MAPE per KPI, latest run (%)",
    barChart(
      {
        title: "28-day MAPE per KPI",
        bars: forecast.byKpi.map((k) => ({ label: k.kpi, value: k.mape28, bad: k.mape28 > forecast.target })),
        format: percent,
        width: 420,
      },
      "no twin run with 28 days to compare",
    ),
  ),
];

export const toneAndMoodFigures = ({ tone, mood }: ReportData): Figure[] => [
  figure(
    "Current tone weights",
    barChart(
      {
        title: "Tone weights",
        bars: Object.entries(tone?.weights ?? {}).map(([label, value]) => ({ label, value })),
        format: (v) => v.toFixed(3),
        max: 1,
        width: 420,
      },
      "no tone weights trained yet",
    ),
  ),
  figure(
    "Positive feedback share per mood (%)",
    barChart(
      {
        title: "Positive share per mood",
        bars: Object.entries(mood?.positiveShare ?? {}).map(([label, value]) => ({
          label,
          value: value * 100,
          bad: mood?.overallSentiment !== null && value * 100 < 50,
        })),
        format: wholePercent,
        max: 100,
        width: 420,
      },
      "no rated Copilot explanations",
    ),
  ),
];

export const bundleFigure = (bundles: ReportData["bundles"]): Figure =>
  figure(
    "Total gzip size per build (kB)",
    lineChart(
      {
        title: "Bundle size per build",
        series: bundles.series.map((s) => ({
          name: s.app,
          points: s.points.map((p) => ({ label: minute(p.time), value: p.bytes / 1024 })),
        })),
        format: (v) => `${v.toFixed(0)} kB`,
      },
      "no builds were measured this month",
    ),
  );

export const jobsFigure = (jobs: ReportData["jobs"]): Figure =>
  figure(
    "Success rate per job (%)",
    barChart(
      {
        title: "Job success rate",
        bars: jobs.byJob.map((j) => ({
          label: j.job,
          value: ((j.runs - j.failures) / j.runs) * 100,
          bad: j.failures > 0,
        })),
        format: wholePercent,
        max: 100,
      },
      "no job ran this month",
    ),
  );
