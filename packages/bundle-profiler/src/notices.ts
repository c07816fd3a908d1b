import type { NoticesFile } from "@dai/notify";
import { type Comparison, formatBytes } from "./compare.js";
import type { LighthouseResult } from "./lighthouse.js";
import { comparisonLines } from "./report.js";

/** What `@dai/notify` consumes (`dai perf notify`); that package owns the file's shape and its check. */
export type PerfNotices = NoticesFile;

export const NOTICES_FILE = "perf-notices.json";

/**
 * Notices for the bundle comparisons: an issue per flagged route or total, its body the comparison
 * of that app.
 *
 * @example const notices = bundleNotices(compareApps(history, options), { commit: "abc123" });
 */
export function bundleNotices(
  comparisons: readonly Comparison[],
  meta: { commit?: string; runUrl?: string } = {},
): PerfNotices {
  const regressions = comparisons.flatMap((comparison) =>
    comparison.regressions.map((regression) => ({
      key: regression.key,
      title: `Bundle regression: ${regression.app} ${regression.route ?? "total"}`,
      body: [
        `**${regression.message}**`,
        "",
        `Before ${formatBytes(regression.delta.before ?? 0)}, after ${formatBytes(regression.delta.after ?? 0)}${meta.commit ? ` at \`${meta.commit}\`` : ""}.`,
        "",
        ...comparisonLines(comparison),
        "",
        "_Filed and updated by `dai bundle compare`; closed automatically when the regression is gone._",
      ].join("\n"),
    })),
  );
  const notices: PerfNotices = {
    scopes: ["bundle:"],
    regressions,
    summary: {
      title: "Hyper Performance Check",
      status: regressions.length > 0 ? "regression" : "ok",
      apps: comparisons.map((c) => ({
        app: c.app,
        totalBytes: c.total.after ?? 0,
        deltaBytes: c.baseline ? c.total.bytes : null,
        deltaPercent: c.total.percent,
        regressions: c.regressions.length,
      })),
      regressions: comparisons.flatMap((c) => c.regressions.map((r) => ({ key: r.key, message: r.message }))),
    },
  };
  if (meta.commit) {
    notices.summary.commit = meta.commit;
    notices.resolvedBy = meta.commit;
  }
  if (meta.runUrl) notices.summary.runUrl = meta.runUrl;
  return notices;
}

/** Adds Lighthouse medians to existing notices; a URL under a threshold becomes a `lighthouse:` regression. */
export function withLighthouse(
  notices: PerfNotices | undefined,
  results: readonly LighthouseResult[],
): PerfNotices {
  const base: PerfNotices = notices ?? {
    scopes: [],
    regressions: [],
    summary: { title: "Hyper Performance Check", status: "ok", apps: [], regressions: [] },
  };
  const scopes = [...new Set([...(base.scopes ?? []), "lighthouse:"])];
  const failed = results.filter((r) => !r.passed);
  const regressions = [
    ...base.regressions.filter((r) => !r.key.startsWith("lighthouse:")),
    ...failed.map((r) => ({
      key: `lighthouse:${r.url}`,
      title: `Lighthouse below threshold: ${r.url}`,
      body: [
        `Median of ${r.runs} run(s) at \`${r.commit}\`:`,
        "",
        "| Category | Score | Threshold |",
        "| --- | --- | --- |",
        ...r.failures.map(
          (f) => `| ${f.category} | ${Math.round(f.score * 100)} | ${Math.round(f.threshold * 100)} |`,
        ),
      ].join("\n"),
    })),
  ];
  const summaryRegressions = [
    ...base.summary.regressions.filter((r) => !r.key?.startsWith("lighthouse:")),
    ...failed.map((r) => ({
      key: `lighthouse:${r.url}`,
      message: `Lighthouse ${r.url}: ${r.failures.map((f) => `${f.category} ${Math.round(f.score * 100)} < ${Math.round(f.threshold * 100)}`).join(", ")}`,
    })),
  ];
  return {
    ...base,
    scopes,
    regressions,
    summary: {
      ...base.summary,
      status: regressions.length > 0 ? "regression" : "ok",
      regressions: summaryRegressions,
      lighthouse: results.map((r) => ({ url: r.url, scores: r.scores, passed: r.passed })),
    },
  };
}
