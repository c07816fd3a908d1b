import { join } from "node:path";
import { DaiError, writeFileAtomic } from "@dai/core";
import nodemailer from "nodemailer";

/** SMTP settings from the environment: `SMTP_URL`, or `SMTP_HOST` (+ `SMTP_PORT`, `SMTP_USER`, `SMTP_PASS`). */
export interface SmtpSettings {
  readonly url?: string;
  readonly host?: string;
  readonly port?: number;
  readonly user?: string;
  readonly pass?: string;
  readonly from: string;
}

export const DEFAULT_FROM = "DealershipAI Reports <reports@dealershipai.local>";

/** Reads SMTP settings; undefined when none are configured. A bad value is refused naming the variable. */
export function smtpSettings(env: Readonly<Record<string, string | undefined>>): SmtpSettings | undefined {
  const from = env.SMTP_FROM?.trim() || DEFAULT_FROM;
  const url = env.SMTP_URL?.trim();
  if (url) {
    if (!URL.canParse(url) || !/^smtps?:$/.test(new URL(url).protocol)) {
      // The URL may hold a password: name the variable, never echo it.
      throw new DaiError("invalid_env", "SMTP_URL: expected smtp://user:pass@host:port or smtps://…");
    }
    return { url, from };
  }
  const host = env.SMTP_HOST?.trim();
  if (!host) return undefined;
  let port: number | undefined;
  if (env.SMTP_PORT !== undefined && env.SMTP_PORT.trim() !== "") {
    port = Number(env.SMTP_PORT);
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      throw new DaiError("invalid_env", `SMTP_PORT: expected a port number 1–65535, got "${env.SMTP_PORT}"`);
    }
  }
  return { host, port, user: env.SMTP_USER || undefined, pass: env.SMTP_PASS || undefined, from };
}

export interface ReportMessage {
  readonly subject: string;
  readonly to: readonly string[];
  readonly markdown: string;
  readonly html: string;
  /** Base name of the attachments, e.g. `hyper-report-2026-10`. */
  readonly baseName: string;
}

function mailOptions(message: ReportMessage, from: string) {
  return {
    from,
    to: message.to.join(", "),
    subject: message.subject,
    // Plain-text part: the Markdown report (readable as is); HTML part: the self-contained page.
    text: message.markdown,
    html: message.html,
    attachments: [
      {
        filename: `${message.baseName}.md`,
        content: message.markdown,
        contentType: "text/markdown; charset=utf-8",
      },
      {
        filename: `${message.baseName}.html`,
        content: message.html,
        contentType: "text/html; charset=utf-8",
      },
    ],
  };
}

export type Delivery =
  | { readonly via: "smtp"; readonly messageId: string; readonly accepted: string[] }
  | { readonly via: "eml"; readonly path: string };

/**
 * Sends the report through SMTP when settings are given; otherwise builds the same message as an
 * RFC 5322 `.eml` file in `outDir` (written atomically), to open in a mail client or send later.
 */
export async function deliverReport(
  message: ReportMessage,
  options: { smtp: SmtpSettings | undefined; outDir: string; from?: string },
): Promise<Delivery> {
  if (options.smtp) {
    const { smtp } = options;
    const transport = smtp.url
      ? nodemailer.createTransport(smtp.url)
      : nodemailer.createTransport({
          host: smtp.host,
          port: smtp.port ?? 587,
          secure: (smtp.port ?? 587) === 465,
          ...(smtp.user ? { auth: { user: smtp.user, pass: smtp.pass ?? "" } } : {}),
        });
    try {
      const info = await transport.sendMail(mailOptions(message, smtp.from));
      return {
        via: "smtp",
        messageId: info.messageId,
        accepted: (info.accepted as unknown[]).map((a) =>
          typeof a === "string" ? a : (a as { address: string }).address,
        ),
      };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new DaiError("smtp_failed", `sending the report over SMTP failed: ${reason}`, { cause: error });
    } finally {
      transport.close();
    }
  }
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "windows" });
  const info = await transport.sendMail(mailOptions(message, options.from ?? DEFAULT_FROM));
  const path = join(options.outDir, `${message.baseName}.eml`);
  await writeFileAtomic(path, info.message as Buffer);
  return { via: "eml", path };
}
