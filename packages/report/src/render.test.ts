import { describe, expect, it } from "vitest";
import { escapeXml } from "./charts.js";
import { type Block, type Medium, shows } from "./document.js";
import type { ReportData } from "./gather.js";
import { renderHtml, renderMarkdown } from "./render.js";
import { reportDocument } from "./report-document.js";

const EVIL_JOB = '<script>alert("job")</script>|nightly';
const EVIL_DEALER = "Smith <script>x</script> | Sons & Co";

/** Small hand-made data touching every block kind, with hostile names where names come from outside. */
function fixture(): ReportData {
  const days = ["2026-10-01", "2026-10-02", "2026-10-03"];
  return {
    month: { id: "2026-10", label: "October 2026", from: "2026-10-01T00:00:00Z", to: "2026-10-31T23:59:59Z" },
    generatedAt: "2026-11-01T07:00:00.000Z",
    recipients: ["exec@example.test"],
    slackChannel: "#report",
    metrics: {
      source: "warehouse",
      note: "warehouse read-only | retried",
      items: [
        {
          id: "api-p95",
          name: "API p95 latency",
          unit: "ms",
          targetLabel: "< 120 ms",
          target: 120,
          value: 110,
          status: "met",
          events: 30,
          measuredBy: "p95 of api.request durationMs",
          points: days.map((day, i) => ({ day, value: 100 + i * 5 })),
        },
        {
          id: "uptime",
          name: "Uptime",
          unit: "%",
          targetLabel: "≥ 99.99%",
          target: 99.99,
          value: null,
          status: "no-data",
          events: 0,
          measuredBy: "successful / all health.check events",
          points: [],
        },
      ],
      unmeasured: [{ id: "engagement", name: "User Engagement" }],
    },
    health: {
      index: 71.2,
      dealers: 3,
      asOf: "2026-10-31",
      inputs: [{ label: "AI Visibility score", weight: 0.35, mean: 0.62 }],
      aiVisibility: days.map((day, i) => ({ day, value: 60 + i })),
    },
    attainment: { index: 80, checks: 5, points: days.map((day) => ({ day, value: 80 })) },
    forecast: {
      target: 5,
      targetLabel: "±5%",
      runs: [{ time: "2026-10-02T03:00:00Z", value: 4.2 }],
      latest: 4.2,
      byKpi: [{ kpi: "leads", mape28: 6.1 }],
    },
    tone: {
      asOf: "2026-10-30",
      generatedAt: "2026-10-30T00:00:00Z",
      weights: { friendly: 0.6, concise: 0.4 },
      change: { friendly: 0.05, concise: -0.05 },
      events: 40,
    },
    mood: {
      generatedAt: "2026-10-30T00:00:00Z",
      distribution: { calm: 0.7, concerned: 0.3 },
      positiveShare: { calm: 0.9 },
      overallSentiment: 0.85,
      sentimentDelta: 0.01,
      topMood: "calm",
      targetLabel: "> 0.8",
      recommendations: [`"calm" works best for ${EVIL_DEALER}`],
    },
    bundles: {
      series: [
        {
          app: "web",
          points: [
            { time: "2026-10-01T10:00:00Z", bytes: 400_000 },
            { time: "2026-10-20T10:00:00Z", bytes: 440_000 },
          ],
        },
      ],
      regressions: [
        { app: "web", time: "2026-10-20T10:00:00Z", commit: "abcdef123", percent: 10, bytes: 40_000 },
      ],
      lighthouse: [],
    },
    jobs: {
      runs: 3,
      failures: 1,
      successRate: 66.7,
      byJob: [
        { job: "tone-training", runs: 2, failures: 0, medianMs: 1200, lastOutcome: "success" },
        { job: EVIL_JOB, runs: 1, failures: 1, medianMs: 300, lastOutcome: "failure" },
      ],
    },
    incidents: [
      {
        time: "2026-10-05T12:30:00Z",
        kind: "failed-job",
        title: `Job ${EVIL_JOB} failed`,
        detail: `dealer ${EVIL_DEALER}\nsecond line`,
      },
    ],
  };
}

/** An empty data dir, as `gatherReport` returns it: every section says it has no data. */
function nothing(): ReportData {
  const data = fixture();
  return {
    ...data,
    metrics: { source: "unavailable", note: "no warehouse", items: [], unmeasured: [] },
    health: { index: null, dealers: 0, asOf: null, note: "no score snapshot", inputs: [], aiVisibility: [] },
    attainment: { index: null, checks: 0, points: [] },
    forecast: { ...data.forecast, runs: [], latest: null, byKpi: [] },
    tone: null,
    mood: null,
    bundles: { series: [], regressions: [], lighthouse: [] },
    jobs: { runs: 0, failures: 0, successRate: null, byJob: [] },
    incidents: [],
  };
}

const mdCell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** What a block must put in each medium, as literal text; a block shown in one medium only puts none in the other. */
function expected(block: Block, medium: Medium): string[] {
  if (!shows(block, medium)) return [];
  const md = medium === "markdown";
  switch (block.kind) {
    case "paragraph":
    case "note": {
      const text = typeof block.text === "string" ? block.text : block.text[medium];
      return [md ? text : escapeXml(text)];
    }
    case "list":
      return block.items.map((item) => (md ? item.text : escapeXml(item.text)));
    case "table": {
      const visible = (cells: string[]) => cells.filter((_, i) => shows(block.columns[i] ?? {}, medium));
      return [block.columns.map((c) => c.title), ...block.rows].map((cells) =>
        md
          ? `| ${visible(cells).map(mdCell).join(" | ")} |`
          : visible(cells)
              .map((cell) => escapeXml(cell))
              .join("</td><td>"),
      );
    }
    case "figure":
      return md ? [] : [escapeXml(block.caption)];
    case "grid":
      return md ? [] : block.figures.map((f) => escapeXml(f.caption));
  }
}

describe("one document, two renderings", () => {
  for (const [name, data] of [
    ["a month with data", fixture()],
    ["an empty data dir", nothing()],
  ] as const) {
    it(`puts every section, sentence and table row of the document in both outputs (${name})`, () => {
      const doc = reportDocument(data);
      const markdown = renderMarkdown(data);
      const html = renderHtml(data)
        .replace(/<th scope="col">/g, "<td>")
        .replace(/<\/th>/g, "</td>");
      expect(markdown.startsWith(`# ${doc.title}\n\n${doc.meta}\n`)).toBe(true);
      expect(html).toContain(`<h1>${escapeXml(doc.title)}</h1>`);
      for (const { label, value } of doc.summary) {
        expect(markdown).toContain(`- **${label}:** ${value}`);
        expect(html).toContain(`${escapeXml(label)}<b>${escapeXml(value)}</b>`);
      }
      let mdAt = 0;
      let htmlAt = 0;
      for (const section of doc.sections) {
        // Sections come in the same order in both.
        mdAt = markdown.indexOf(`\n## ${section.title}\n`, mdAt);
        htmlAt = html.indexOf(`<h2>${escapeXml(section.title)}</h2>`, htmlAt);
        expect(mdAt, section.title).toBeGreaterThan(0);
        expect(htmlAt, section.title).toBeGreaterThan(0);
        for (const block of section.blocks) {
          for (const text of expected(block, "markdown")) expect(markdown).toContain(text);
          for (const text of expected(block, "html")) expect(html).toContain(text);
        }
      }
    });
  }

  it("keeps hostile job and dealer names inert: escaped in HTML, pipes and line breaks escaped in Markdown tables", () => {
    const html = renderHtml(fixture());
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain("&#60;script&#62;alert(&#34;job&#34;)&#60;/script&#62;|nightly");
    expect(html).toContain("Smith &#60;script&#62;x&#60;/script&#62; | Sons &#38; Co");

    const markdown = renderMarkdown(fixture());
    const cells = (line: string) => line.split(/(?<!\\)\|/).slice(1, -1);
    const jobRow = markdown.split("\n").find((line) => line.startsWith("| <script>alert"));
    const jobCells = cells(jobRow ?? "").map((cell) => cell.trim());
    expect(jobCells).toEqual(['<script>alert("job")</script>\\|nightly', "1", "1", "0.3 s", "failure"]);
    const incidentRow = markdown.split("\n").find((line) => line.startsWith("| 2026-10-05 12:30 |"));
    expect(cells(incidentRow ?? "")).toHaveLength(4);
    expect(incidentRow).toContain("Smith <script>x</script> \\| Sons & Co second line");
  });
});
