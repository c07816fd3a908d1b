import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { scoresSnapshotCommand } from "@dai/ai-scores";
import { type HistoryEntry, writeHistory } from "@dai/bundle-profiler";
import { findProjectRoot, silentProgress } from "@dai/core";
import { seedDemoData } from "@dai/demo-data";
import { defaultJobs, JobRunLog, runJob } from "@dai/jobs";
import { loadManifest, type Manifest } from "@dai/manifest-schema";
import { openWarehouse } from "@dai/telemetry";
import { chromium } from "playwright-core";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reportCommand, reportJob } from "./commands.js";
import { gatherReport, type ReportData } from "./gather.js";
import { smtpSettings } from "./mail.js";
import { parseMonth, type ReportMonth } from "./month.js";
import { renderHtml, renderMarkdown } from "./render.js";
import { generateReport } from "./report.js";

const root = findProjectRoot(import.meta.dirname) as string;
const MANIFEST_PATH = join(root, "manifest", "dealershipai-hyper-optimization-manifest.json");
const DAY = 86_400_000;

let manifest: Manifest;
let dataDir: string;
let month: ReportMonth;
let data: ReportData;
const now = new Date();

/** Decodes RFC 2047 encoded words (`=?UTF-8?Q?…?=` / `=?UTF-8?B?…?=`) of a folded header. */
function decodeHeader(value: string): string {
  return value
    .replace(/\r?\n[ \t]/g, " ")
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?utf-8\?([qb])\?([^?]*)\?=/gi, (_, encoding: string, text: string) =>
      encoding.toLowerCase() === "b"
        ? Buffer.from(text, "base64").toString("utf8")
        : Buffer.from(
            text
              .replace(/_/g, " ")
              .replace(/=([0-9a-f]{2})/gi, (_m, hex: string) =>
                String.fromCharCode(Number.parseInt(hex, 16)),
              ),
            "latin1",
          ).toString("utf8"),
    );
}

/** Telemetry for the month so far: one batch per day of every kind the success metrics read. */
function monthEvents(from: Date, to: Date): Record<string, unknown>[] {
  const events: Record<string, unknown>[] = [];
  let n = 0;
  const base = (time: Date, kind: string) => ({
    id: `seed-${++n}`,
    kind,
    time: time.toISOString(),
    receivedAt: new Date(time.getTime() + 400).toISOString(),
    schemaVersion: 1,
  });
  for (let t = from.getTime() + 60_000; t < to.getTime(); t += DAY) {
    for (let i = 0; i < 24; i++) {
      const time = new Date(Math.min(t + i * 60_000, to.getTime() - 1000));
      events.push({
        ...base(time, "api.request"),
        route: "/api/ai-scores",
        method: "GET",
        status: 200,
        durationMs: 30 + ((n * 7) % 90),
      });
      events.push({
        ...base(time, "health.check"),
        check: "api",
        ok: i !== 5 || t !== from.getTime() + 60_000,
        latencyMs: 4,
      });
      events.push({
        ...base(time, "copilot.feedback"),
        dealerId: "d-1",
        tone: "friendly",
        mood: "calm",
        feedback: i % 6 === 0 ? "down" : "up",
      });
      events.push({ ...base(time, "motion.frame-rate"), page: "/", fps: 57, targetFps: 60 });
      events.push({ ...base(time, "soundscape.opt"), userId: `u-${i}`, opt: i % 3 === 0 ? "in" : "out" });
      events.push({ ...base(time, "sse.delivery"), stream: "pulse", latencyMs: 80 + i });
    }
    events.push({
      ...base(new Date(t), "job.run"),
      job: "tone-training",
      outcome: "success",
      durationMs: 1200,
    });
    events.push({
      ...base(new Date(t), "forecast.deviation"),
      dealerId: "platform",
      metric: "forecast-deviation",
      deviationPct: 3.2 + ((t / DAY) % 2),
    });
  }
  return events;
}

function build(time: Date, gzip: number, commit: string, regression = false): HistoryEntry {
  const sizes = (g: number) => ({ raw: g * 3, gzip: g, brotli: Math.round(g * 0.85) });
  return {
    id: `web-${commit}`,
    app: "web",
    commit,
    time: time.toISOString(),
    builder: "turbopack",
    buildId: commit,
    totals: { all: sizes(gzip), byType: { js: sizes(gzip * 0.8), css: sizes(gzip * 0.2) } },
    routes: {},
    ...(regression
      ? { regression: true, delta: { bytes: 40_000, percent: 9.5, metric: "firstLoadJs.gzip" } }
      : {}),
  } as unknown as HistoryEntry;
}

beforeAll(async () => {
  manifest = await loadManifest(MANIFEST_PATH);
  month = parseMonth(now.toISOString().slice(0, 7));
  dataDir = await mkdtemp(join(tmpdir(), "dai-report-"));
  // Data through today, so the current month has data even on its first day.
  await seedDemoData({
    dataDir,
    dealers: 8,
    days: 120,
    copilotDays: 30,
    endDate: now.toISOString().slice(0, 10),
  });
  // The AI score snapshot (with each dealer's Health index) as `dai scores snapshot` writes it.
  await scoresSnapshotCommand.run({
    args: [],
    options: { dataDir },
    json: true,
    progress: silentProgress,
    cwd: root,
    env: { MANIFEST_PATH },
  });
  // The jobs that write what the report reads: twin log, tone weights, mood report — and the run log.
  const registry = defaultJobs(manifest);
  const runLog = new JobRunLog(dataDir);
  for (const name of ["dealer-twin-update", "tone-training", "mood-analytics"]) {
    const record = await runJob(registry.get(name), "manual", { dataDir, manifest, runLog });
    expect(record.outcome, `${name}: ${record.error ?? record.summary}`).toBe("success");
  }
  await runLog.append({
    job: "lighthouse-recheck",
    trigger: "schedule",
    scheduledFor: month.start.toISOString(),
    startedAt: new Date(month.start.getTime() + 60_000).toISOString(),
    endedAt: new Date(month.start.getTime() + 90_000).toISOString(),
    durationMs: 30_000,
    outcome: "failure",
    summary: "dashboard unreachable",
    outputs: [],
    error: "connect ECONNREFUSED 127.0.0.1:3000",
  });
  const warehouse = await openWarehouse({ dataDir, env: {} });
  const spool = join(dataDir, "seed-spool.ndjson");
  await writeFile(
    spool,
    monthEvents(month.start, now)
      .map((e) => `${JSON.stringify(e)}\n`)
      .join(""),
  );
  await warehouse.loadSpoolFiles([spool]);
  await warehouse.close();
  const span = now.getTime() - month.start.getTime();
  await writeHistory(dataDir, {
    version: 1,
    builds: [
      build(new Date(month.start.getTime() + span * 0.1), 410_000, "aaaaaaa1"),
      build(new Date(month.start.getTime() + span * 0.4), 415_000, "bbbbbbb2"),
      build(new Date(month.start.getTime() + span * 0.7), 420_000, "ccccccc3"),
      build(new Date(month.start.getTime() + span * 0.9), 460_000, "ddddddd4", true),
    ],
    baselines: {},
    lighthouse: [],
  });
  data = await gatherReport({ dataDir, manifest, month, env: {}, now });
}, 120_000);

afterAll(async () => {
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe("gathering the month", () => {
  it("reads every source: metrics with daily history, twin deviation, tone, mood, bundles, jobs and incidents", () => {
    expect(data.metrics.source).toBe("warehouse");
    const measured = data.metrics.items.filter((m) => m.status !== "no-data");
    expect(measured.length).toBeGreaterThanOrEqual(5);
    for (const metric of measured) expect(metric.points.length, metric.id).toBeGreaterThan(0);
    const sentiment = data.metrics.items.find((m) => m.id === "copilot-positive-sentiment");
    expect(sentiment?.value).toBeCloseTo(20 / 24, 2);
    expect(data.health.index).toBeGreaterThan(0);
    expect(data.health.index).toBeLessThanOrEqual(100);
    expect(data.health.dealers).toBe(8);
    expect(data.health.inputs.map((i) => i.label)).toContain("AI Visibility score");
    expect(data.health.aiVisibility.length).toBe(now.getUTCDate());
    expect(data.attainment.index).not.toBeNull();
    expect(data.attainment.points.length).toBeGreaterThan(0);
    expect(data.forecast.runs).toHaveLength(1);
    expect(data.forecast.byKpi.length).toBeGreaterThan(0);
    expect(Object.keys(data.tone?.weights ?? {}).length).toBeGreaterThan(1);
    expect(Object.keys(data.mood?.positiveShare ?? {}).length).toBeGreaterThan(0);
    expect(data.bundles.series[0]?.points).toHaveLength(4);
    expect(data.bundles.regressions).toEqual([
      expect.objectContaining({ app: "web", commit: "ddddddd4", percent: 9.5 }),
    ]);
    expect(data.jobs).toMatchObject({ runs: 4, failures: 1, successRate: 75 });
    expect(data.recipients).toEqual(manifest.governance.monthlyReport.recipients);
    expect(data.slackChannel).toBe(manifest.governance.monthlyReport.slackChannel);
    const kinds = new Set(data.incidents.map((i) => i.kind));
    expect(kinds).toEqual(new Set(["failed-job", "health-check", "missed-metric"]));
  });
});

describe("rendering", () => {
  it("writes Markdown with every section and the month's figures", () => {
    const markdown = renderMarkdown(data);
    for (const heading of [
      "## Summary",
      "## Success metrics",
      "## DealershipAI Health index",
      "## Forecast deviation",
      "## Copilot tone and mood",
      "## Bundle size",
      "## Job reliability",
      "## Incidents",
    ]) {
      expect(markdown).toContain(heading);
    }
    expect(markdown).toContain(`# DealershipAI Hyper-Optimization Report — ${month.label}`);
    expect(markdown).toContain("| Copilot Positive Sentiment |");
    expect(markdown).toContain("web at ddddddd (+9.50%, +");
    expect(markdown).toContain("Job lighthouse-recheck failed");
    expect(markdown).toContain("4 run(s), 1 failed — 75% succeeded.");
  });

  it("renders a self-contained HTML page: no scripts, no external assets", () => {
    const html = renderHtml(data);
    expect(html).not.toMatch(/<script|<link|src=|url\(/i);
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    expect(html.match(/<svg class="chart"/g)?.length).toBeGreaterThanOrEqual(8);
  });

  it("renders in headless Chromium with every chart drawn (none empty) and takes a screenshot", async () => {
    const html = renderHtml(data);
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH?.trim() || "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu"],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
      const requests: string[] = [];
      page.on("request", (request) => requests.push(request.url()));
      await page.setContent(html, { waitUntil: "load" });
      const charts = await page.$$eval("svg.chart", (nodes) =>
        nodes.map((node) => {
          const box = node.getBoundingClientRect();
          return {
            label: node.getAttribute("aria-label"),
            points: Number(node.getAttribute("data-points")),
            marks: node.querySelectorAll("circle, rect:not([stroke-dasharray]), path").length,
            width: box.width,
            height: box.height,
            text: node.textContent ?? "",
          };
        }),
      );
      expect(charts.length).toBeGreaterThanOrEqual(8);
      for (const chart of charts) {
        expect(chart.points, `${chart.label} has data`).toBeGreaterThan(0);
        expect(chart.marks, `${chart.label} draws marks`).toBeGreaterThan(0);
        expect(chart.width).toBeGreaterThan(100);
        expect(chart.height).toBeGreaterThan(50);
        expect(chart.text).not.toContain("No data");
      }
      expect(requests.filter((url) => !url.startsWith("about:") && !url.startsWith("data:"))).toEqual([]);
      // REPORT_SCREENSHOT_DIR keeps the screenshot for a human to look at.
      const shot = join(
        process.env.REPORT_SCREENSHOT_DIR ?? join(dataDir, "reports"),
        `hyper-report-${month.id}.png`,
      );
      await page.screenshot({ path: shot, fullPage: true });
      const png = await readFile(shot);
      expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
      expect(png.length).toBeGreaterThan(20_000);
    } finally {
      await browser.close();
    }
  }, 60_000);

  it("says 'No data' plainly in every chart of an empty data dir, never a made-up value", async () => {
    const empty = await mkdtemp(join(tmpdir(), "dai-report-empty-"));
    try {
      const nothing = await gatherReport({ dataDir: empty, manifest, month, env: {}, now });
      expect(nothing.metrics).toMatchObject({ source: "unavailable", items: [] });
      expect(nothing.health.index).toBeNull();
      expect(nothing.attainment.index).toBeNull();
      const html = renderHtml(nothing);
      const charts = html.match(/<svg class="chart"[\s\S]*?<\/svg>/g) ?? [];
      expect(charts.length).toBeGreaterThanOrEqual(7);
      for (const chart of charts) {
        expect(chart).toContain('data-points="0"');
        expect(chart).toMatch(/<text[^>]*>No data: [^<]+<\/text>/);
        expect(chart).not.toMatch(/<circle|<path/);
      }
      expect(renderMarkdown(nothing)).toContain("No data: the dealer twin did not run this month.");
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});

describe("delivery", () => {
  it("mails the report over SMTP (authenticated) with the Markdown text part and the HTML part", async () => {
    const received: { from?: string; to: string[]; raw: string; user?: string }[] = [];
    const server = new SMTPServer({
      disabledCommands: ["STARTTLS"],
      allowInsecureAuth: true,
      authOptional: false,
      onAuth(auth, _session, callback) {
        if (auth.username === "reporter" && auth.password === "s3cret-pass")
          return callback(null, { user: auth.username });
        return callback(new Error("invalid credentials"));
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on("data", (chunk: Buffer) => chunks.push(chunk));
        stream.on("end", () => {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined,
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString("utf8"),
            user: session.user as string | undefined,
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.server.address() as AddressInfo;
    try {
      const outDir = join(dataDir, "smtp-out");
      const result = await generateReport({
        dataDir,
        manifest,
        month,
        outDir,
        send: true,
        now,
        env: {
          SMTP_HOST: "127.0.0.1",
          SMTP_PORT: String(port),
          SMTP_USER: "reporter",
          SMTP_PASS: "s3cret-pass",
          SMTP_FROM: "Reports <reports@example.test>",
        },
      });
      expect(result.delivery).toMatchObject({
        via: "smtp",
        accepted: manifest.governance.monthlyReport.recipients,
      });
      expect(received).toHaveLength(1);
      const mail = received[0] as (typeof received)[number];
      expect(mail.user).toBe("reporter");
      expect(mail.from).toBe("reports@example.test");
      expect(mail.to).toEqual(manifest.governance.monthlyReport.recipients);
      const raw = mail.raw.replace(/=\r?\n/g, "");
      expect(decodeHeader(/^Subject: (.+(?:\r?\n[ \t].+)*)/m.exec(mail.raw)?.[1] ?? "")).toBe(
        `DealershipAI Hyper-Optimization Report — ${month.label}`,
      );
      expect(raw).toMatch(/Content-Type: text\/plain/);
      expect(raw).toMatch(/Content-Type: text\/html/);
      expect(raw).toContain(`hyper-report-${month.id}.md`);
      expect(raw).toContain(`hyper-report-${month.id}.html`);
      // No .eml when the message went out.
      expect(existsSync(join(outDir, `hyper-report-${month.id}.eml`))).toBe(false);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }, 60_000);

  it("writes an .eml file atomically when no SMTP server is configured (dai report --send)", async () => {
    const outDir = join(dataDir, "eml-out");
    const result = await reportCommand.run({
      args: [],
      options: { month: month.id, out: outDir, send: true, dataDir },
      json: true,
      progress: { start() {}, tick() {}, finish() {} } as never,
      cwd: root,
      env: { MANIFEST_PATH },
    });
    const path = join(outDir, `hyper-report-${month.id}.eml`);
    expect(result.data).toMatchObject({ delivery: { via: "eml", path } });
    const eml = await readFile(path, "utf8");
    expect(eml).toMatch(/^To: executives@dealershipgroup\.com/m);
    expect(eml).toMatch(/Content-Type: multipart\/(mixed|alternative)/);
    expect(eml).toMatch(/Content-Type: text\/html/);
    expect((await stat(join(outDir, `hyper-report-${month.id}.md`))).size).toBeGreaterThan(500);
    // Only the finished files: no temp file left behind by the atomic writes.
    expect((await readdir(outDir)).sort()).toEqual(
      [`hyper-report-${month.id}.eml`, `hyper-report-${month.id}.html`, `hyper-report-${month.id}.md`].sort(),
    );
  }, 60_000);
});

describe("SMTP settings", () => {
  it("reads SMTP_URL or SMTP_HOST/PORT/USER/PASS, and refuses bad values naming the variable without echoing secrets", () => {
    expect(smtpSettings({})).toBeUndefined();
    expect(smtpSettings({ SMTP_URL: "smtp://u:p@mail.example:2525" })).toMatchObject({
      url: "smtp://u:p@mail.example:2525",
    });
    expect(
      smtpSettings({ SMTP_HOST: "mail.example", SMTP_PORT: "465", SMTP_USER: "u", SMTP_PASS: "p" }),
    ).toMatchObject({
      host: "mail.example",
      port: 465,
      user: "u",
    });
    expect(() => smtpSettings({ SMTP_HOST: "mail.example", SMTP_PORT: "70000" })).toThrow(
      /^SMTP_PORT: expected a port/,
    );
    let message = "";
    try {
      smtpSettings({ SMTP_URL: "http://user:hunter2@mail.example" });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^SMTP_URL: /);
    expect(message).not.toContain("hunter2");
  });
});

describe("the command and the job", () => {
  it("refuses a bad --month, naming the option", async () => {
    for (const bad of ["2026-13", "October", "2026-1"]) {
      await expect(
        reportCommand.run({
          args: [],
          options: { month: bad, dataDir },
          json: true,
          progress: { start() {}, tick() {}, finish() {} } as never,
          cwd: root,
          env: { MANIFEST_PATH },
        }),
      ).rejects.toThrow(/--month: expected a month like 2026-10 \(YYYY-MM\)/);
    }
  });

  it("defaults to the previous month and registers as the manifest's monthly-report job", () => {
    expect(parseMonth(undefined, new Date("2026-01-01T07:00:00Z")).id).toBe("2025-12");
    expect(parseMonth("2026-02").days).toBe(28);
    const registry = defaultJobs(manifest, [reportJob]);
    const job = registry.get("monthly-report");
    expect(job.schedule.cron).toBe(manifest.governance.monthlyReport.schedule.cron);
    expect(job.schedulePath).toBe("governance.monthlyReport.schedule");
  });
});
