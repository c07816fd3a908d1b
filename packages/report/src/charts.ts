/**
 * Inline SVG charts for the report: no scripts, no external assets, readable in a mail client and in
 * print. Every chart either draws its data or says "No data" in words, and carries `data-points` (the
 * number of plotted values) so a test can tell an empty chart from a drawn one.
 */

export interface LinePoint {
  readonly label: string;
  readonly value: number;
}

export interface LineChartOptions {
  readonly title: string;
  readonly series: readonly { readonly name: string; readonly points: readonly LinePoint[] }[];
  /** A horizontal reference line (the manifest target). */
  readonly target?: { readonly value: number; readonly label: string };
  readonly format?: (value: number) => string;
  readonly width?: number;
  readonly height?: number;
}

export interface BarChartOptions {
  readonly title: string;
  readonly bars: readonly { readonly label: string; readonly value: number; readonly bad?: boolean }[];
  readonly format?: (value: number) => string;
  readonly max?: number;
  readonly width?: number;
}

const COLORS = ["#2563eb", "#059669", "#d97706", "#7c3aed", "#db2777"];
const BAD = "#dc2626";

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const fmt = (value: number) =>
  Math.abs(value) >= 100 ? value.toFixed(0) : Number(value.toPrecision(3)).toString();

function emptyChart(title: string, width: number, height: number, reason: string): string {
  return [
    `<svg class="chart" data-points="0" role="img" aria-label="${escapeXml(`${title}: no data`)}" viewBox="0 0 ${width} ${height}" width="100%" xmlns="http://www.w3.org/2000/svg">`,
    `<title>${escapeXml(title)}: no data</title>`,
    `<rect x="0.5" y="0.5" width="${width - 1}" height="${height - 1}" fill="none" stroke="#94a3b8" stroke-dasharray="4 4"/>`,
    `<text x="${width / 2}" y="${height / 2}" text-anchor="middle" dominant-baseline="middle" font-size="14" fill="currentColor">No data: ${escapeXml(reason)}</text>`,
    "</svg>",
  ].join("");
}

/** A line chart (one or more series over the same labels) with an optional target line. */
export function lineChart(options: LineChartOptions, noDataReason = "nothing recorded this month"): string {
  const width = options.width ?? 640;
  const height = options.height ?? 220;
  const format = options.format ?? fmt;
  const series = options.series.filter((s) => s.points.length > 0);
  const count = series.reduce((sum, s) => sum + s.points.length, 0);
  if (count === 0) return emptyChart(options.title, width, height, noDataReason);
  const labels = [...new Set(series.flatMap((s) => s.points.map((p) => p.label)))].sort();
  const values = series.flatMap((s) => s.points.map((p) => p.value));
  if (options.target) values.push(options.target.value);
  let min = Math.min(...values);
  let max = Math.max(...values);
  if (min === max) {
    min -= Math.abs(min) * 0.1 || 1;
    max += Math.abs(max) * 0.1 || 1;
  }
  const pad = (max - min) * 0.08;
  min = min >= 0 && min - pad < 0 ? 0 : min - pad;
  max += pad;
  const left = 56;
  const right = 12;
  const top = 14;
  const bottom = 36;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const x = (label: string) => {
    const index = labels.indexOf(label);
    return left + (labels.length === 1 ? plotW / 2 : (index / (labels.length - 1)) * plotW);
  };
  const y = (value: number) => top + plotH - ((value - min) / (max - min)) * plotH;
  const parts: string[] = [
    `<svg class="chart" data-points="${count}" role="img" aria-label="${escapeXml(options.title)}" viewBox="0 0 ${width} ${height}" width="100%" xmlns="http://www.w3.org/2000/svg">`,
    `<title>${escapeXml(options.title)}</title>`,
  ];
  for (const tick of [min, (min + max) / 2, max]) {
    parts.push(
      `<line x1="${left}" x2="${width - right}" y1="${y(tick).toFixed(1)}" y2="${y(tick).toFixed(1)}" stroke="#cbd5e1" stroke-width="1"/>`,
      `<text x="${left - 6}" y="${y(tick).toFixed(1)}" text-anchor="end" dominant-baseline="middle" font-size="11" fill="currentColor">${escapeXml(format(tick))}</text>`,
    );
  }
  const first = labels[0] as string;
  const last = labels[labels.length - 1] as string;
  parts.push(
    `<text x="${left}" y="${height - 10}" font-size="11" fill="currentColor">${escapeXml(first)}</text>`,
    labels.length > 1
      ? `<text x="${width - right}" y="${height - 10}" text-anchor="end" font-size="11" fill="currentColor">${escapeXml(last)}</text>`
      : "",
  );
  if (options.target) {
    const ty = y(options.target.value).toFixed(1);
    parts.push(
      `<line x1="${left}" x2="${width - right}" y1="${ty}" y2="${ty}" stroke="${BAD}" stroke-width="1.5" stroke-dasharray="6 4"/>`,
      `<text x="${width - right}" y="${Number(ty) - 5}" text-anchor="end" font-size="11" fill="${BAD}">target ${escapeXml(options.target.label)}</text>`,
    );
  }
  series.forEach((s, index) => {
    const color = COLORS[index % COLORS.length];
    const points = [...s.points].sort((a, b) => a.label.localeCompare(b.label));
    const path = points
      .map((p, i) => `${i === 0 ? "M" : "L"}${x(p.label).toFixed(1)},${y(p.value).toFixed(1)}`)
      .join(" ");
    if (points.length > 1) parts.push(`<path d="${path}" fill="none" stroke="${color}" stroke-width="2"/>`);
    for (const p of points) {
      parts.push(
        `<circle cx="${x(p.label).toFixed(1)}" cy="${y(p.value).toFixed(1)}" r="3" fill="${color}"><title>${escapeXml(`${s.name} ${p.label}: ${format(p.value)}`)}</title></circle>`,
      );
    }
  });
  if (series.length > 1) {
    series.forEach((s, index) => {
      parts.push(
        `<text x="${left + 8 + index * 150}" y="${top + 4}" font-size="11" fill="${COLORS[index % COLORS.length]}">■ ${escapeXml(s.name)}</text>`,
      );
    });
  }
  parts.push("</svg>");
  return parts.join("");
}

/** A horizontal bar chart; `bad` bars are drawn in red. */
export function barChart(options: BarChartOptions, noDataReason = "nothing recorded this month"): string {
  const width = options.width ?? 640;
  const rowH = 26;
  const format = options.format ?? fmt;
  if (options.bars.length === 0) return emptyChart(options.title, width, 120, noDataReason);
  const height = options.bars.length * rowH + 12;
  const labelW = 170;
  const valueW = 70;
  const plotW = width - labelW - valueW;
  const max = options.max ?? Math.max(...options.bars.map((b) => Math.abs(b.value)), Number.EPSILON);
  const parts: string[] = [
    `<svg class="chart" data-points="${options.bars.length}" role="img" aria-label="${escapeXml(options.title)}" viewBox="0 0 ${width} ${height}" width="100%" xmlns="http://www.w3.org/2000/svg">`,
    `<title>${escapeXml(options.title)}</title>`,
  ];
  options.bars.forEach((bar, index) => {
    const y = 6 + index * rowH;
    const w = Math.max(2, (Math.abs(bar.value) / max) * plotW);
    parts.push(
      `<text x="${labelW - 8}" y="${y + 10}" text-anchor="end" dominant-baseline="middle" font-size="12" fill="currentColor">${escapeXml(bar.label)}</text>`,
      `<rect x="${labelW}" y="${y}" width="${w.toFixed(1)}" height="${rowH - 8}" rx="3" fill="${bar.bad ? BAD : COLORS[0]}"><title>${escapeXml(`${bar.label}: ${format(bar.value)}`)}</title></rect>`,
      `<text x="${labelW + w + 6}" y="${y + 10}" dominant-baseline="middle" font-size="12" fill="currentColor">${escapeXml(format(bar.value))}</text>`,
    );
  });
  parts.push("</svg>");
  return parts.join("");
}
