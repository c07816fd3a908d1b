import { unitSuffix } from "@dai/manifest-schema";
import {
  type Block,
  blocks,
  type Column,
  grid,
  list,
  note,
  only,
  para,
  type ReportDocument,
  table,
} from "./document.js";
import { formatNumber, type ReportData, type ReportMetric } from "./gather.js";
import {
  attainmentFigure,
  bundleFigure,
  forecastFigures,
  healthFigures,
  jobsFigure,
  metricFigure,
  minute,
  toneAndMoodFigures,
} from "./report-figures.js";

const withUnit = (value: number | null, unit: string) =>
  value === null ? "no data" : `${formatNumber(value)}${unitSuffix(unit)}`;
const pct = (value: number | null) => (value === null ? "no data" : `${formatNumber(value)}%`);
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
const signed = (value: number, digits: number) => `${value > 0 ? "+" : ""}${value.toFixed(digits)}`;
const STATUS: Record<ReportMetric["status"], string> = {
  met: "met",
  "at-risk": "at risk",
  missed: "MISSED",
  "no-data": "no data",
};

/** A chart's numbers as a table, for Markdown, which has no charts. */
const chartTable = (columns: (string | Column)[], rows: string[][]) => only("markdown", table(columns, rows));

/** The monthly report, written once for both the Markdown file and the HTML page. */
export function reportDocument(data: ReportData): ReportDocument {
  return {
    title: `DealershipAI Hyper-Optimization Report — ${data.month.label}`,
    meta: `Period ${data.month.from.slice(0, 10)} to ${data.month.to.slice(0, 10)} (UTC) · generated ${data.generatedAt} · for ${data.recipients.join(", ")} · Slack ${data.slackChannel}`,
    summary: summary(data),
    sections: [
      { title: "Success metrics", blocks: metrics(data) },
      { title: "DealershipAI Health index", blocks: health(data) },
      { title: "Forecast deviation", blocks: forecast(data) },
      { title: "Copilot tone and mood", blocks: toneAndMood(data) },
      { title: "Bundle size", blocks: bundles(data) },
      { title: "Job reliability", blocks: jobs(data) },
      { title: "Incidents", blocks: incidents(data) },
    ],
  };
}

function summary(data: ReportData): ReportDocument["summary"] {
  const measured = data.metrics.items.filter((m) => m.status !== "no-data");
  const met = measured.filter((m) => m.status === "met" || m.status === "at-risk").length;
  return [
    {
      label: "Health index",
      value: data.health.index === null ? "no data" : `${formatNumber(data.health.index)} / 100`,
    },
    { label: "Metric attainment", value: pct(data.attainment.index) },
    {
      label: "Success metrics met",
      value: measured.length === 0 ? "no data" : `${met} of ${measured.length} measured`,
    },
    { label: "Forecast deviation", value: pct(data.forecast.latest) },
    { label: "Job success", value: pct(data.jobs.successRate) },
    { label: "Open bundle regressions", value: String(data.bundles.regressions.length) },
    { label: "Incidents", value: String(data.incidents.length) },
  ];
}

function metrics({ metrics }: ReportData): Block[] {
  const listed = metrics.items.length > 0;
  const without = metrics.items.filter((m) => m.points.length === 0);
  return blocks(
    metrics.note ? note(`Telemetry: ${metrics.note}`) : null,
    listed &&
      table(
        // Markdown has no per-metric charts, so it says how many days one would have plotted.
        [
          "Metric",
          "Month value",
          "Target",
          "Status",
          { title: "Days with data", only: "markdown" },
          "Measured by",
        ],
        metrics.items.map((m) => [
          m.name,
          withUnit(m.value, m.unit),
          m.targetLabel,
          STATUS[m.status],
          String(m.points.length),
          m.measuredBy,
        ]),
      ),
    listed && grid(...metrics.items.filter((m) => m.points.length > 0).map(metricFigure)),
    without.length > 0 &&
      only(
        "html",
        para(`No daily values this month (no chart): ${without.map((m) => m.name).join(", ")}.`, true),
      ),
    metrics.unmeasured.length > 0 &&
      para(`Not measured from telemetry: ${metrics.unmeasured.map((m) => m.name).join(", ")}.`, true),
  );
}

function health({ health, attainment }: ReportData): Block[] {
  const asOf = health.asOf ?? "n/a";
  const perDay =
    "Success-metric attainment: the share of the measured success metrics that met their manifest target, per day.";
  return blocks(
    para(
      health.index === null
        ? `No data: ${health.note ?? "no health index"}.`
        : `${formatNumber(health.index)} / 100: the weighted index of AI Visibility, forecast accuracy, sentiment and performance, averaged over ${health.dealers} dealers (scores as of ${asOf}).`,
    ),
    health.index !== null &&
      chartTable(
        ["Input", "Weight", "Mean value (0–1)"],
        health.inputs.map((i) => [
          i.label,
          i.weight.toFixed(2),
          i.mean === null ? "no data" : i.mean.toFixed(3),
        ]),
      ),
    grid(...healthFigures(health)),
    para(
      attainment.index === null
        ? `${perDay} No data: no success metric had a daily value this month.`
        : `${perDay} Over the month: ${pct(attainment.index)} of ${attainment.checks} daily values met their target.`,
    ),
    attainmentFigure(attainment),
  );
}

function forecast({ forecast }: ReportData): Block[] {
  return blocks(
    para(
      forecast.runs.length === 0
        ? "No data: the dealer twin did not run this month."
        : `Platform forecast deviation of each dealer-twin run (percent; target ${forecast.targetLabel}): latest ${pct(forecast.latest)}, over ${forecast.runs.length} run(s).`,
    ),
    forecast.byKpi.length > 0 &&
      chartTable(
        ["KPI", "28-day MAPE"],
        forecast.byKpi.map((k) => [k.kpi, pct(k.mape28)]),
      ),
    grid(...forecastFigures(forecast)),
  );
}

function toneAndMood(data: ReportData): Block[] {
  const { tone, mood } = data;
  const changes = tone?.change ? Object.entries(tone.change).map(([t, c]) => `${t} ${signed(c, 3)}`) : [];
  return blocks(
    tone &&
      chartTable(
        ["Tone", "Weight", "Change"],
        Object.entries(tone.weights).map(([name, weight]) => {
          const change = tone.change?.[name];
          return [name, weight.toFixed(3), change === undefined ? "–" : signed(change, 3)];
        }),
      ),
    tone &&
      only(
        "html",
        para(
          `Tone weights from ${tone.events} events (as of ${tone.asOf ?? "n/a"}).${tone.change ? ` Change since the previous training: ${changes.join(", ")}.` : ""}`,
        ),
      ),
    !tone && para("No data: no tone weights in the data dir."),
    para(
      mood
        ? `Overall sentiment ${formatNumber(mood.overallSentiment)}${mood.targetLabel ? ` (target ${mood.targetLabel})` : ""}${mood.sentimentDelta === null ? "" : `, ${signed(mood.sentimentDelta, 3)} since the previous report`}; top mood: ${mood.topMood ?? "none"}.`
        : "No data: no mood report in the data dir.",
    ),
    mood &&
      chartTable(
        ["Mood", "Share", "Positive share"],
        Object.entries(mood.distribution).map(([name, share]) => {
          const positive = mood.positiveShare[name];
          return [name, pct(share * 100), positive === undefined ? "no ratings" : pct(positive * 100)];
        }),
      ),
    grid(...toneAndMoodFigures(data)),
    mood && list(mood.recommendations),
  );
}

function bundles({ bundles }: ReportData): Block[] {
  const regression = (r: ReportData["bundles"]["regressions"][number]) =>
    `${r.app} at ${r.commit.slice(0, 7)} (${r.percent === null ? "new" : `${signed(r.percent, 2)}%`}, ${signed(r.bytes / 1024, 1)} kB)`;
  return blocks(
    bundleFigure(bundles),
    // The chart's first and last build per app, in words, for Markdown.
    only(
      "markdown",
      bundles.series.length === 0
        ? para("No data: no builds were measured this month.")
        : list(
            bundles.series.flatMap(({ app, points }) => {
              const first = points[0];
              const last = points.at(-1);
              if (!first || !last) return [];
              const change = signed(((last.bytes - first.bytes) / first.bytes) * 100, 2);
              const text = `${points.length} build(s), ${kb(first.bytes)} → ${kb(last.bytes)} gzip (${change}%)`;
              return [{ label: app, text }];
            }),
          ),
    ),
    para(
      bundles.regressions.length === 0
        ? "Open regressions: none."
        : `Open regressions: ${bundles.regressions.map(regression).join("; ")}.`,
    ),
  );
}

function jobs({ jobs }: ReportData): Block[] {
  return blocks(
    para(
      jobs.runs === 0
        ? "No data: no job ran this month."
        : `${jobs.runs} run(s), ${jobs.failures} failed — ${pct(jobs.successRate)} succeeded.`,
    ),
    jobsFigure(jobs),
    jobs.byJob.length > 0 &&
      table(
        ["Job", "Runs", "Failures", "Median duration", "Last outcome"],
        jobs.byJob.map((j) => [
          j.job,
          String(j.runs),
          String(j.failures),
          `${formatNumber(j.medianMs / 1000)} s`,
          j.lastOutcome,
        ]),
      ),
  );
}

function incidents({ incidents }: ReportData): Block[] {
  return [
    incidents.length === 0
      ? para("None: no missed metric, failed job or failed health check.")
      : table(
          ["When (UTC)", "Kind", "What", "Detail"],
          incidents.map((i) => [minute(i.time), i.kind, i.title, i.detail]),
        ),
  ];
}
