import { type Comparison, type Delta, formatBytes } from "./compare.js";
import { ASSET_TYPES, type BundleReport, type Sizes } from "./types.js";

const sizes = (s: Sizes) => `${formatBytes(s.raw)} / ${formatBytes(s.gzip)} / ${formatBytes(s.brotli)}`;

function change(d: Delta): string {
  if (d.before === null) return "new";
  if (d.after === null) return "removed";
  if (d.bytes === 0) return "±0";
  const pct = d.percent === null ? "" : ` (${d.percent > 0 ? "+" : ""}${d.percent.toFixed(1)}%)`;
  return `${d.bytes > 0 ? "+" : ""}${formatBytes(d.bytes)}${pct}`;
}

const cell = (text: string) => text.replaceAll("|", "\\|");

/**
 * A Markdown report of one build (and, when given, its comparison): the PR comment / issue body /
 * job summary text.
 *
 * @example await writeFile("report.md", bundleMarkdown(report, comparison));
 */
export function bundleMarkdown(report: BundleReport, comparison?: Comparison): string {
  const lines: string[] = [];
  lines.push(`## Bundle report: ${report.app} (${report.builder})`, "");
  lines.push(
    `Sizes are raw / gzip 9 / brotli 11. Build \`${report.buildId}\`, ${report.totals.files} files.`,
    "",
  );
  lines.push("| Type | Size |", "| --- | --- |");
  for (const type of ASSET_TYPES) lines.push(`| ${type} | ${sizes(report.totals.byType[type])} |`);
  lines.push(`| **total** | **${sizes(report.totals.all)}** |`, "");
  const byRoute = new Map(comparison?.routes.map((r) => [r.route, r]));
  lines.push(
    `| Route | First-load JS | Route-only JS | CSS${comparison ? ` | Δ first-load (${comparison.metric})` : ""} |`,
    `| --- | --- | --- | ---${comparison ? " | ---" : ""} |`,
  );
  for (const route of report.routes) {
    const compared = byRoute.get(route.route);
    const flag = compared?.flagged ? " ⚠️" : "";
    const deltaCell = comparison ? ` | ${compared ? change(compared.firstLoadJs) : ""}${flag}` : "";
    lines.push(
      `| \`${cell(route.route)}\` (${route.router}) | ${sizes(route.firstLoadJs)} | ${sizes(route.routeJs)} | ${sizes(route.css)}${deltaCell} |`,
    );
  }
  lines.push("");
  if (comparison) lines.push(...comparisonLines(comparison), "");
  lines.push("### Largest chunks", "", "| Chunk | Size |", "| --- | --- |");
  for (const chunk of report.largestChunks) lines.push(`| \`${chunk.file}\` | ${sizes(chunk.sizes)} |`);
  if (report.modules.mappedChunks > 0) {
    lines.push(
      "",
      "### Largest packages (from source maps)",
      "",
      "| Package | Minified bytes |",
      "| --- | --- |",
    );
    for (const pkg of report.modules.largestPackages.slice(0, 10))
      lines.push(`| ${pkg.name} | ${formatBytes(pkg.bytes)} |`);
    if (report.modules.duplicates.length > 0) {
      lines.push(
        "",
        "### Duplicated packages",
        "",
        "| Package | Copies | Chunks | Wasted |",
        "| --- | --- | --- | --- |",
      );
      for (const dup of report.modules.duplicates.slice(0, 10)) {
        lines.push(
          `| ${dup.name} | ${dup.versions.join(", ")} | ${dup.chunks.length} | ${formatBytes(dup.wastedBytes)} |`,
        );
      }
    }
  }
  return `${lines.join("\n")}\n`;
}

/** The comparison part alone: total delta and every flagged regression. */
export function comparisonLines(comparison: Comparison): string[] {
  const lines = [
    `### Compared with ${comparison.baseline ? `\`${comparison.baseline.commit}\` (${comparison.baseline.time})` : "nothing (first build)"}`,
    "",
  ];
  lines.push(
    `Total (${comparison.metric}): ${change(comparison.total)}. Threshold ${comparison.thresholdPercent}%, changes under ${formatBytes(comparison.minAbsoluteBytes)} ignored.`,
    "",
  );
  if (comparison.regressions.length === 0) lines.push("No regressions.");
  else {
    lines.push(`**${comparison.regressions.length} regression(s):**`, "");
    for (const regression of comparison.regressions) lines.push(`- ${regression.message}`);
  }
  return lines;
}

/** Markdown for several apps' comparisons (one section each). */
export function comparisonsMarkdown(comparisons: readonly Comparison[]): string {
  return `${comparisons.map((c) => [`## ${c.app}`, "", ...comparisonLines(c)].join("\n")).join("\n\n")}\n`;
}
