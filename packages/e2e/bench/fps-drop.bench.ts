/**
 * FPS-drop benchmark of adaptive motion, in headless Chromium against the built stack:
 *
 *   pnpm --filter @dai/api build && (cd apps/web && next build) && pnpm --filter @dai/e2e bench
 *
 * A signed-in analyst navigates the dashboard (Dealers → Experience → Overview → Health, client-side,
 * so every step plays the page transition and the cards' entrance) while the page records every
 * `requestAnimationFrame` timestamp. Two modes side by side, interleaved round by round:
 *   - baseline: animations off (`prefers-reduced-motion: reduce`, which the provider always obeys);
 *   - adaptive: animations on, adapted to the measured frame rate.
 * Both at CPU speed 1× and throttled 4× through the DevTools protocol
 * (`Emulation.setCPUThrottlingRate`). Printed: refresh rate, achieved FPS, each mode's drop below the
 * refresh rate, and the drop the animations cost: (fps_off − fps_on) / fps_off. The manifest's target
 * (average FPS drop < 5%) is checked on the mean of that cost over both CPU speeds.
 */

import { estimateRefreshRate } from "@dai/adaptive-motion";
import { DEMO_ACCOUNTS } from "@dai/auth";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { openPage, signInAs, useStack } from "../src/stack.js";

const analyst = DEMO_ACCOUNTS.find((a) => a.role === "analyst") as (typeof DEMO_ACCOUNTS)[number];
const ROUTE = [
  { link: /^Dealers/, heading: "Dealers" },
  { link: /^Meta: experience/, heading: "Experience" },
  { link: /^Overview/, heading: "Overview" },
  { link: /^Meta: health/, heading: "Health" },
];
const ROUNDS = Number(process.env.FPS_ROUNDS ?? 2);
const DWELL_MS = 1400;
const TARGET_PCT = 5;

type Mode = "off" | "adaptive";
type Run = { fps: number; refreshHz: number; frames: number };

/** One round trip through ROUTE while recording frames; returns the achieved FPS. */
async function measure(page: Page): Promise<Run> {
  await page.evaluate(() => {
    const w = window as unknown as { __fps: { frames: number[]; on: boolean } };
    w.__fps = { frames: [], on: true };
    const tick = (t: number) => {
      w.__fps.frames.push(t);
      if (w.__fps.on) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  for (const step of ROUTE) {
    await page.locator('nav[aria-label="Main"]').getByRole("link", { name: step.link }).click();
    await page.locator("h1", { hasText: step.heading }).first().waitFor();
    await page.waitForTimeout(DWELL_MS);
  }
  const frames = await page.evaluate(() => {
    const w = window as unknown as { __fps: { frames: number[]; on: boolean } };
    w.__fps.on = false;
    return w.__fps.frames;
  });
  const intervals = frames.slice(1).map((t, i) => t - (frames[i] as number));
  const elapsed = (frames.at(-1) as number) - (frames[0] as number);
  return {
    fps: (1000 * (frames.length - 1)) / elapsed,
    refreshHz: estimateRefreshRate(intervals) ?? 60,
    frames: frames.length,
  };
}

describe("adaptive motion FPS drop in Chromium", () => {
  const e2e = useStack();

  it(`costs less than ${TARGET_PCT}% FPS against animations off, at 1× and 4× CPU throttling`, async () => {
    const page = await e2e.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signInAs(page, e2e.stack.webUrl, analyst.email, analyst.password);
    await openPage(page, e2e.stack.webUrl);
    const cdp = await page.context().newCDPSession(page);
    const rows: { rate: number; mode: Mode; run: Run; quality: string }[] = [];
    for (const rate of [1, 4]) {
      await cdp.send("Emulation.setCPUThrottlingRate", { rate });
      await measure(page); // warm-up: every page compiled and cached once at this speed
      for (let round = 0; round < ROUNDS; round++) {
        const order: Mode[] = round % 2 === 0 ? ["off", "adaptive"] : ["adaptive", "off"];
        for (const mode of order) {
          await page.emulateMedia({ reducedMotion: mode === "off" ? "reduce" : "no-preference" });
          // The provider follows the media query live: the plan switches without a reload.
          await expect
            .poll(async () => {
              const quality = await page
                .locator("[data-motion-quality]")
                .first()
                .getAttribute("data-motion-quality");
              return quality === "off";
            })
            .toBe(mode === "off");
          const run = await measure(page);
          const quality =
            (await page.locator("[data-motion-quality]").first().getAttribute("data-motion-quality")) ?? "?";
          rows.push({ rate, mode, run, quality });
        }
      }
    }
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 1 });

    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const costs: number[] = [];
    console.log("\nFPS drop benchmark (headless Chromium, dashboard navigation with page transitions)");
    console.log("cpu   mode       fps     refresh  drop-vs-refresh  frames");
    for (const rate of [1, 4]) {
      const fps: Record<Mode, number> = { off: 0, adaptive: 0 };
      for (const mode of ["off", "adaptive"] as const) {
        const runs = rows.filter((r) => r.rate === rate && r.mode === mode).map((r) => r.run);
        fps[mode] = mean(runs.map((r) => r.fps));
        const refresh = mean(runs.map((r) => r.refreshHz));
        const drop = Math.max(0, (100 * (refresh - fps[mode])) / refresh);
        console.log(
          `${rate}×    ${mode.padEnd(9)}  ${fps[mode].toFixed(1).padStart(5)}   ${refresh.toFixed(0).padStart(5)}    ${drop.toFixed(2).padStart(6)}%        ${runs.reduce((a, r) => a + r.frames, 0)}`,
        );
      }
      // Signed: a negative cost means the animated runs were (within noise) no slower than the baseline.
      const cost = (100 * (fps.off - fps.adaptive)) / fps.off;
      costs.push(cost);
      const qualities = [
        ...new Set(rows.filter((r) => r.rate === rate && r.mode === "adaptive").map((r) => r.quality)),
      ];
      console.log(
        `${rate}×    FPS drop from adaptive animations: ${cost.toFixed(2)}% (fps on/off ${(fps.adaptive / fps.off).toFixed(3)}; quality ${qualities.join(", ")})`,
      );
    }
    const average = mean(costs);
    console.log(`average FPS drop over 1× and 4×: ${average.toFixed(2)}% (target < ${TARGET_PCT}%)\n`);
    expect(average).toBeLessThan(TARGET_PCT);
    await page.close();
  });
});
