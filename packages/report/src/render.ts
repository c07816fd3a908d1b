import type { ReportData } from "./gather.js";
import { toHtml } from "./render-html.js";
import { toMarkdown } from "./render-markdown.js";
import { reportDocument } from "./report-document.js";

/** The report as Markdown: the same sections and figures as the HTML page, tables instead of charts. */
export function renderMarkdown(data: ReportData): string {
  return toMarkdown(reportDocument(data));
}

/** The report as one self-contained HTML page: inline CSS and SVG charts, no scripts, no external assets. */
export function renderHtml(data: ReportData): string {
  return toHtml(reportDocument(data));
}
