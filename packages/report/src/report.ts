import { join } from "node:path";
import { type Logger, writeFileAtomic } from "@dai/core";
import type { Manifest } from "@dai/manifest-schema";
import { gatherReport, type ReportData } from "./gather.js";
import { type Delivery, deliverReport, smtpSettings } from "./mail.js";
import type { ReportMonth } from "./month.js";
import { renderHtml, renderMarkdown } from "./render.js";

export interface GenerateOptions {
  dataDir: string;
  manifest: Manifest;
  month: ReportMonth;
  /** Where the files go (default `<dataDir>/reports`). */
  outDir?: string;
  /** Mail it: over SMTP when configured, otherwise as an `.eml` file beside the report. */
  send?: boolean;
  env?: Readonly<Record<string, string | undefined>>;
  now?: Date;
  logger?: Logger;
}

export interface GeneratedReport {
  data: ReportData;
  markdownPath: string;
  htmlPath: string;
  delivery?: Delivery;
}

/** Gathers, renders (Markdown + HTML, written atomically) and, with `send`, mails the monthly report. */
export async function generateReport(options: GenerateOptions): Promise<GeneratedReport> {
  const env = options.env ?? process.env;
  // Settings are checked before any work, so a bad SMTP variable fails fast.
  const smtp = options.send ? smtpSettings(env) : undefined;
  const data = await gatherReport({ ...options, env });
  const outDir = options.outDir ?? join(options.dataDir, "reports");
  const baseName = `hyper-report-${options.month.id}`;
  const markdown = renderMarkdown(data);
  const html = renderHtml(data);
  const markdownPath = join(outDir, `${baseName}.md`);
  const htmlPath = join(outDir, `${baseName}.html`);
  await writeFileAtomic(markdownPath, markdown);
  await writeFileAtomic(htmlPath, html);
  const result: GeneratedReport = { data, markdownPath, htmlPath };
  if (options.send) {
    result.delivery = await deliverReport(
      {
        subject: `DealershipAI Hyper-Optimization Report — ${options.month.label}`,
        to: data.recipients,
        markdown,
        html,
        baseName,
      },
      { smtp, outDir, from: env.SMTP_FROM?.trim() || undefined },
    );
  }
  return result;
}
