import { unitSuffix } from "@dai/manifest-schema";
import { barChart, escapeXml, lineChart } from "./charts.js";
import { formatNumber, type ReportData, type ReportMetric } from "./gather.js";

const withUnit = (value: number | null, unit: string) =>
  value === null ? "no data" : `${formatNumber(value)}${unitSuffix(unit)}`;
const pct = (value: number | null) => (value === null ? "no data" : `${formatNumber(value)}%`);
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
const STATUS: Record<ReportMetric["status"], string> = {
  met: "met",
  "at-risk": "at risk",
  missed: "MISSED",
  "no-data": "no data",
};

function mdTable(headers: string[], rows: string[][]): string {
  const clean = (cell: string) => cell.replace(/\|/g, "\\|").replace(/\n/g, " ");
  return [
    `| ${headers.join(" | ")} |`,
    `| ${headers.map(() => "---").join(" | ")} |`,
    ...rows.map((row) => `| ${row.map(clean).join(" | ")} |`),
  ].join("\n");
}

/** The report as Markdown: the same sections and figures as the HTML page, tables instead of charts. */
export function renderMarkdown(data: ReportData): string {
  const lines: string[] = [];
  lines.push(`# DealershipAI Hyper-Optimization Report — ${data.month.label}`, "");
  lines.push(
    `Period ${data.month.from.slice(0, 10)} to ${data.month.to.slice(0, 10)} (UTC) · generated ${data.generatedAt} · for ${data.recipients.join(", ")} · Slack ${data.slackChannel}`,
    "",
  );
  lines.push("## Summary", "");
  lines.push(...summary(data).map((item) => `- **${item.label}:** ${item.value}`), "");

  lines.push("## Success metrics", "");
  if (data.metrics.note) lines.push(`> Telemetry: ${data.metrics.note}`, "");
  if (data.metrics.items.length > 0) {
    lines.push(
      mdTable(
        ["Metric", "Month value", "Target", "Status", "Days with data", "Measured by"],
        data.metrics.items.map((m) => [
          m.name,
          withUnit(m.value, m.unit),
          m.targetLabel,
          STATUS[m.status],
          String(m.points.length),
          m.measuredBy,
        ]),
      ),
      "",
    );
  }
  if (data.metrics.unmeasured.length > 0) {
    lines.push(`Not measured from telemetry: ${data.metrics.unmeasured.map((m) => m.name).join(", ")}.`, "");
  }

  lines.push("## DealershipAI Health index", "");
  if (data.health.index === null) lines.push(`No data: ${data.health.note ?? "no health index"}.`, "");
  else {
    lines.push(
      `${formatNumber(data.health.index)} / 100, mean over ${data.health.dealers} dealers (scores as of ${data.health.asOf ?? "n/a"}).`,
      "",
      mdTable(
        ["Input", "Weight", "Mean value (0–1)"],
        data.health.inputs.map((i) => [
          i.label,
          i.weight.toFixed(2),
          i.mean === null ? "no data" : i.mean.toFixed(3),
        ]),
      ),
      "",
    );
  }
  lines.push(
    data.attainment.index === null
      ? "Success-metric attainment: no data (no success metric had a daily value this month)."
      : `Success-metric attainment: ${pct(data.attainment.index)} of ${data.attainment.checks} daily success-metric values met their target.`,
    "",
  );

  lines.push("## Forecast deviation", "");
  lines.push(
    data.forecast.runs.length === 0
      ? "No data: the dealer twin did not run this month."
      : `Latest platform deviation ${pct(data.forecast.latest)} (target ${data.forecast.targetLabel}) over ${data.forecast.runs.length} twin run(s).`,
    "",
  );
  if (data.forecast.byKpi.length > 0) {
    lines.push(
      mdTable(
        ["KPI", "28-day MAPE"],
        data.forecast.byKpi.map((k) => [k.kpi, pct(k.mape28)]),
      ),
      "",
    );
  }

  lines.push("## Copilot tone and mood", "");
  if (data.tone) {
    lines.push(
      mdTable(
        ["Tone", "Weight", "Change"],
        Object.entries(data.tone.weights).map(([tone, weight]) => [
          tone,
          weight.toFixed(3),
          data.tone?.change?.[tone] === undefined ? "–" : signed(data.tone.change[tone] as number, 3),
        ]),
      ),
      "",
    );
  } else lines.push("No data: no tone weights in the data dir.", "");
  if (data.mood) {
    lines.push(
      `Overall sentiment ${formatNumber(data.mood.overallSentiment)}${data.mood.targetLabel ? ` (target ${data.mood.targetLabel})` : ""}${data.mood.sentimentDelta === null ? "" : `, ${signed(data.mood.sentimentDelta, 3)} since the previous report`}; top mood: ${data.mood.topMood ?? "none"}.`,
      "",
      mdTable(
        ["Mood", "Share", "Positive share"],
        Object.entries(data.mood.distribution).map(([mood, share]) => [
          mood,
          pct(share * 100),
          data.mood?.positiveShare[mood] === undefined
            ? "no ratings"
            : pct((data.mood.positiveShare[mood] as number) * 100),
        ]),
      ),
      "",
    );
    for (const recommendation of data.mood.recommendations) lines.push(`- ${recommendation}`);
    if (data.mood.recommendations.length > 0) lines.push("");
  } else lines.push("No data: no mood report in the data dir.", "");

  lines.push("## Bundle size", "");
  if (data.bundles.series.length === 0) lines.push("No data: no builds were measured this month.", "");
  for (const series of data.bundles.series) {
    const first = series.points[0];
    const last = series.points.at(-1);
    if (first && last) {
      lines.push(
        `- **${series.app}:** ${series.points.length} build(s), ${kb(first.bytes)} → ${kb(last.bytes)} gzip (${signed(((last.bytes - first.bytes) / first.bytes) * 100, 2)}%)`,
      );
    }
  }
  if (data.bundles.series.length > 0) lines.push("");
  lines.push(
    data.bundles.regressions.length === 0
      ? "Open regressions: none."
      : `Open regressions: ${data.bundles.regressions.map((r) => `${r.app} at ${r.commit.slice(0, 7)} (${r.percent === null ? "new" : `${signed(r.percent, 2)}%`})`).join("; ")}.`,
    "",
  );

  lines.push("## Job reliability", "");
  if (data.jobs.runs === 0) lines.push("No data: no job ran this month.", "");
  else {
    lines.push(
      `${data.jobs.runs} run(s), ${data.jobs.failures} failed — ${pct(data.jobs.successRate)} succeeded.`,
      "",
      mdTable(
        ["Job", "Runs", "Failures", "Median duration", "Last outcome"],
        data.jobs.byJob.map((j) => [
          j.job,
          String(j.runs),
          String(j.failures),
          `${formatNumber(j.medianMs / 1000)} s`,
          j.lastOutcome,
        ]),
      ),
      "",
    );
  }

  lines.push("## Incidents", "");
  if (data.incidents.length === 0)
    lines.push("None: no missed metric, failed job or failed health check.", "");
  else {
    lines.push(
      mdTable(
        ["When (UTC)", "Kind", "What", "Detail"],
        data.incidents.map((i) => [i.time.slice(0, 16).replace("T", " "), i.kind, i.title, i.detail]),
      ),
      "",
    );
  }
  return `${lines.join("\n").trimEnd()}\n`;
}

function signed(value: number, digits: number): string {
  return `${value > 0 ? "+" : ""}${value.toFixed(digits)}`;
}

function summary(data: ReportData): { label: string; value: string }[] {
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

const CSS = `
:root{color-scheme:light dark;--bg:#fff;--fg:#0f172a;--muted:#475569;--card:#f8fafc;--line:#e2e8f0}
@media (prefers-color-scheme:dark){:root{--bg:#0b1220;--fg:#e2e8f0;--muted:#94a3b8;--card:#111a2e;--line:#1e293b}}
*{box-sizing:border-box}body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif}
main{max-width:880px;margin:0 auto;padding:24px 16px}h1{font-size:1.6rem;margin:0 0 4px}h2{font-size:1.2rem;margin:32px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}
.meta,.note{color:var(--muted);font-size:.9rem}.tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:8px;margin:16px 0}
.tile{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:10px}.tile b{display:block;font-size:1.3rem}
table{border-collapse:collapse;width:100%;margin:8px 0;font-size:.9rem}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid var(--line)}
figure{margin:12px 0;background:var(--card);border:1px solid var(--line);border-radius:8px;padding:8px}figcaption{font-size:.9rem;color:var(--muted);margin-bottom:4px}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(380px,1fr));gap:8px}
`;

function figure(caption: string, svg: string): string {
  return `<figure class="chart-figure"><figcaption>${escapeXml(caption)}</figcaption>${svg}</figure>`;
}

function htmlTable(headers: string[], rows: string[][]): string {
  return `<table><thead><tr>${headers.map((h) => `<th scope="col">${escapeXml(h)}</th>`).join("")}</tr></thead><tbody>${rows
    .map((row) => `<tr>${row.map((cell) => `<td>${escapeXml(cell)}</td>`).join("")}</tr>`)
    .join("")}</tbody></table>`;
}

const para = (text: string, className = "") =>
  `<p${className ? ` class="${className}"` : ""}>${escapeXml(text)}</p>`;

/** The report as one self-contained HTML page: inline CSS and SVG charts, no scripts, no external assets. */
export function renderHtml(data: ReportData): string {
  const body: string[] = [];
  body.push(
    `<h1>DealershipAI Hyper-Optimization Report — ${escapeXml(data.month.label)}</h1>`,
    para(
      `Period ${data.month.from.slice(0, 10)} to ${data.month.to.slice(0, 10)} (UTC) · generated ${data.generatedAt} · for ${data.recipients.join(", ")} · Slack ${data.slackChannel}`,
      "meta",
    ),
    `<div class="tiles">${summary(data)
      .map((item) => `<div class="tile">${escapeXml(item.label)}<b>${escapeXml(item.value)}</b></div>`)
      .join("")}</div>`,
  );

  body.push("<h2>Success metrics</h2>");
  if (data.metrics.note) body.push(para(`Telemetry: ${data.metrics.note}`, "note"));
  if (data.metrics.items.length > 0) {
    body.push(
      htmlTable(
        ["Metric", "Month value", "Target", "Status", "Measured by"],
        data.metrics.items.map((m) => [
          m.name,
          withUnit(m.value, m.unit),
          m.targetLabel,
          STATUS[m.status],
          m.measuredBy,
        ]),
      ),
    );
    const charted = data.metrics.items.filter((m) => m.points.length > 0);
    const without = data.metrics.items.filter((m) => m.points.length === 0);
    body.push(
      `<div class="grid">${charted
        .map((m) =>
          figure(
            `${m.name}: daily value (${unitSuffix(m.unit).trim() || m.unit}) against the target ${m.targetLabel}`,
            lineChart({
              title: `${m.name} per day`,
              series: [{ name: m.name, points: m.points.map((p) => ({ label: p.day, value: p.value })) }],
              target: { value: m.target, label: m.targetLabel },
              width: 420,
              height: 180,
            }),
          ),
        )
        .join("")}</div>`,
    );
    if (without.length > 0) {
      body.push(
        para(`No daily values this month (no chart): ${without.map((m) => m.name).join(", ")}.`, "note"),
      );
    }
  }
  if (data.metrics.unmeasured.length > 0) {
    body.push(
      para(`Not measured from telemetry: ${data.metrics.unmeasured.map((m) => m.name).join(", ")}.`, "note"),
    );
  }

  body.push("<h2>DealershipAI Health index</h2>");
  body.push(
    para(
      data.health.index === null
        ? `No data: ${data.health.note ?? "no health index"}.`
        : `${formatNumber(data.health.index)} / 100: the weighted index of AI Visibility, forecast accuracy, sentiment and performance, averaged over ${data.health.dealers} dealers (scores as of ${data.health.asOf ?? "n/a"}).`,
    ),
    `<div class="grid">${figure(
      "Health index inputs: mean value (0–1) over dealers",
      barChart(
        {
          title: "Health index inputs",
          bars: data.health.inputs
            .filter((i) => i.mean !== null)
            .map((i) => ({ label: `${i.label} (×${i.weight})`, value: i.mean as number })),
          format: (v) => v.toFixed(2),
          max: 1,
          width: 420,
        },
        data.health.note ?? "no health inputs",
      ),
    )}${figure(
      "Mean AI Visibility score per day (0–100)",
      lineChart(
        {
          title: "Mean AI Visibility score per day",
          series: [
            {
              name: "AI Visibility",
              points: data.health.aiVisibility.map((p) => ({ label: p.day, value: p.value })),
            },
          ],
          width: 420,
          height: 180,
        },
        data.health.note ?? "no score history this month",
      ),
    )}</div>`,
    para(
      "Success-metric attainment: the share of the measured success metrics that met their manifest target, per day. " +
        (data.attainment.index === null
          ? "No data this month."
          : `Over the month: ${pct(data.attainment.index)} of ${data.attainment.checks} daily values.`),
    ),
    figure(
      "Success-metric attainment per day (%)",
      lineChart(
        {
          title: "Success-metric attainment per day",
          series: [
            {
              name: "Attainment",
              points: data.attainment.points.map((p) => ({ label: p.day, value: p.value })),
            },
          ],
          format: (v) => `${v.toFixed(0)}%`,
        },
        "no success metric had a daily value",
      ),
    ),
  );

  body.push("<h2>Forecast deviation</h2>");
  body.push(
    para(
      `Platform forecast deviation of each dealer-twin run (percent; target ${data.forecast.targetLabel}). Latest: ${pct(data.forecast.latest)}.`,
    ),
    `<div class="grid">${figure(
      "Platform deviation per twin run (%)",
      lineChart(
        {
          title: "Platform forecast deviation per run",
          series: [
            {
              name: "deviation",
              points: data.forecast.runs.map((r) => ({
                label: r.time.slice(0, 16).replace("T", " "),
                value: r.value,
              })),
            },
          ],
          target: { value: data.forecast.target, label: data.forecast.targetLabel },
          format: (v) => `${formatNumber(v)}%`,
          width: 420,
          height: 180,
        },
        "the dealer twin did not run this month",
      ),
    )}${figure(
      "28-day MAPE per KPI, latest run (%)",
      barChart(
        {
          title: "28-day MAPE per KPI",
          bars: data.forecast.byKpi.map((k) => ({
            label: k.kpi,
            value: k.mape28,
            bad: k.mape28 > data.forecast.target,
          })),
          format: (v) => `${formatNumber(v)}%`,
          width: 420,
        },
        "no twin run with 28 days to compare",
      ),
    )}</div>`,
  );

  body.push("<h2>Copilot tone and mood</h2>");
  const tone = data.tone;
  const mood = data.mood;
  body.push(
    para(
      tone
        ? `Tone weights from ${tone.events} events (as of ${tone.asOf ?? "n/a"}).${
            tone.change
              ? ` Change since the previous training: ${Object.entries(tone.change)
                  .map(([t, c]) => `${t} ${signed(c, 3)}`)
                  .join(", ")}.`
              : ""
          }`
        : "No tone weights in the data dir.",
    ),
    mood
      ? para(
          `Overall sentiment ${formatNumber(mood.overallSentiment)}${mood.targetLabel ? ` (target ${mood.targetLabel})` : ""}${mood.sentimentDelta === null ? "" : `, ${signed(mood.sentimentDelta, 3)} since the previous report`}; top mood: ${mood.topMood ?? "none"}.`,
        )
      : para("No mood report in the data dir."),
    `<div class="grid">${figure(
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
    )}${figure(
      "Positive feedback share per mood (%)",
      barChart(
        {
          title: "Positive share per mood",
          bars: Object.entries(mood?.positiveShare ?? {}).map(([label, value]) => ({
            label,
            value: value * 100,
            bad: mood?.overallSentiment !== null && value * 100 < 50,
          })),
          format: (v) => `${v.toFixed(0)}%`,
          max: 100,
          width: 420,
        },
        "no rated Copilot explanations",
      ),
    )}</div>`,
  );
  if (mood && mood.recommendations.length > 0) {
    body.push(`<ul>${mood.recommendations.map((r) => `<li>${escapeXml(r)}</li>`).join("")}</ul>`);
  }

  body.push("<h2>Bundle size</h2>");
  body.push(
    figure(
      "Total gzip size per build (kB)",
      lineChart(
        {
          title: "Bundle size per build",
          series: data.bundles.series.map((s) => ({
            name: s.app,
            points: s.points.map((p) => ({
              label: p.time.slice(0, 16).replace("T", " "),
              value: p.bytes / 1024,
            })),
          })),
          format: (v) => `${v.toFixed(0)} kB`,
        },
        "no builds were measured this month",
      ),
    ),
    para(
      data.bundles.regressions.length === 0
        ? "Open regressions: none."
        : `Open regressions: ${data.bundles.regressions.map((r) => `${r.app} at ${r.commit.slice(0, 7)} (${r.percent === null ? "new" : `${signed(r.percent, 2)}%`}, ${signed(r.bytes / 1024, 1)} kB)`).join("; ")}.`,
    ),
  );

  body.push("<h2>Job reliability</h2>");
  body.push(
    para(
      data.jobs.runs === 0
        ? "No job ran this month."
        : `${data.jobs.runs} run(s), ${data.jobs.failures} failed — ${pct(data.jobs.successRate)} succeeded.`,
    ),
    figure(
      "Success rate per job (%)",
      barChart(
        {
          title: "Job success rate",
          bars: data.jobs.byJob.map((j) => ({
            label: j.job,
            value: ((j.runs - j.failures) / j.runs) * 100,
            bad: j.failures > 0,
          })),
          format: (v) => `${v.toFixed(0)}%`,
          max: 100,
        },
        "no job ran this month",
      ),
    ),
  );
  if (data.jobs.byJob.length > 0) {
    body.push(
      htmlTable(
        ["Job", "Runs", "Failures", "Median duration", "Last outcome"],
        data.jobs.byJob.map((j) => [
          j.job,
          String(j.runs),
          String(j.failures),
          `${formatNumber(j.medianMs / 1000)} s`,
          j.lastOutcome,
        ]),
      ),
    );
  }

  body.push("<h2>Incidents</h2>");
  body.push(
    data.incidents.length === 0
      ? para("None: no missed metric, failed job or failed health check.")
      : htmlTable(
          ["When (UTC)", "Kind", "What", "Detail"],
          data.incidents.map((i) => [i.time.slice(0, 16).replace("T", " "), i.kind, i.title, i.detail]),
        ),
  );

  return [
    "<!doctype html>",
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>DealershipAI Hyper-Optimization Report — ${escapeXml(data.month.label)}</title>`,
    `<style>${CSS}</style></head>`,
    `<body><main>${body.join("\n")}</main></body></html>`,
    "",
  ].join("\n");
}
