import { DaiError } from "@dai/core";

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Parses a window like `15m`, `1h`, `24h`, `7d` into milliseconds; a `DaiError` names the field.
 *
 * @example parseWindow("6h") // 21_600_000
 */
export function parseWindow(text: string, field = "window"): number {
  const match = /^(\d+(?:\.\d+)?)\s*([smhd])$/.exec(text.trim());
  const scale = match ? UNITS[match[2] as string] : undefined;
  const ms = match && scale ? Number(match[1]) * scale : Number.NaN;
  if (!Number.isFinite(ms) || ms <= 0) {
    throw new DaiError(
      "invalid_window",
      `${field}: expected a duration like 15m, 1h, 24h or 7d, got "${text}"`,
      {
        field,
      },
    );
  }
  return ms;
}
