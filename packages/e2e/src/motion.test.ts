import { join } from "node:path";
import { DEMO_ACCOUNTS } from "@dai/auth";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { openPage, signInAs, useStack } from "./stack.js";

const artifacts = join(import.meta.dirname, "..", "artifacts");
const analyst = DEMO_ACCOUNTS.find((a) => a.role === "analyst") as (typeof DEMO_ACCOUNTS)[number];

type Watch = { __minOpacity: number; __watch: boolean; __webAnimations: string[] };

/**
 * Clicks a main-navigation link; returns the lowest opacity the page wrapper showed meanwhile and the
 * properties it animated through the Web Animations API (which the compositor can run off the main thread).
 */
async function navigateWatchingOpacity(
  page: Page,
  link: RegExp,
  heading: string,
): Promise<{ lowest: number; webAnimations: string[] }> {
  await page.evaluate(() => {
    const w = window as unknown as Watch;
    w.__minOpacity = 1;
    w.__watch = true;
    w.__webAnimations = [];
    const tick = () => {
      for (const el of document.querySelectorAll(".page-transition")) {
        w.__minOpacity = Math.min(w.__minOpacity, Number(getComputedStyle(el).opacity));
        for (const animation of el.getAnimations()) {
          const effect = animation.effect as KeyframeEffect | null;
          for (const frame of effect?.getKeyframes() ?? [])
            for (const key of Object.keys(frame))
              if (
                !["offset", "computedOffset", "easing", "composite"].includes(key) &&
                !w.__webAnimations.includes(key)
              )
                w.__webAnimations.push(key);
        }
      }
      if (w.__watch) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await page.locator('nav[aria-label="Main"]').getByRole("link", { name: link }).click();
  await page.locator("h1", { hasText: heading }).first().waitFor();
  await page.waitForTimeout(1500); // longer than the longest transition (1200 ms)
  return page.evaluate(() => {
    const w = window as unknown as Watch;
    w.__watch = false;
    return { lowest: w.__minOpacity, webAnimations: w.__webAnimations.sort() };
  });
}

describe("adaptive motion in Chromium", () => {
  const e2e = useStack();

  it("eases pages in within the manifest's 600–1200 ms and reports frame-rate samples to telemetry", async () => {
    const page = await e2e.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signInAs(page, e2e.stack.webUrl, analyst.email, analyst.password);
    await openPage(page, e2e.stack.webUrl);
    const wrapper = page.locator(".page-transition").first();
    expect(["full", "reduced", "minimal"]).toContain(await wrapper.getAttribute("data-motion-quality"));
    const duration = Number(await wrapper.getAttribute("data-motion-duration"));
    expect(duration).toBeGreaterThanOrEqual(600);
    expect(duration).toBeLessThanOrEqual(1200);

    const sample = page.waitForRequest(
      (request) =>
        request.url().endsWith("/api/telemetry/browser") &&
        (request.postData() ?? "").includes('"kind":"motion.frame-rate"'),
      { timeout: 20_000 },
    );
    // A client-side navigation plays the transition: the new page starts faded and ends opaque.
    const { lowest, webAnimations } = await navigateWatchingOpacity(page, /^Meta: experience/, "Experience");
    expect(lowest).toBeLessThan(0.9);
    // Opacity and movement run as Web Animations (compositor-friendly), not per-frame JavaScript.
    expect(webAnimations).toContain("opacity");
    expect(webAnimations).toContain("transform");
    expect(
      Number(
        await page
          .locator(".page-transition")
          .first()
          .evaluate((el) => getComputedStyle(el).opacity),
      ),
    ).toBe(1);
    const events = JSON.parse((await sample).postData() ?? "{}").events as Record<string, unknown>[];
    const frameRate = events.find((event) => event.kind === "motion.frame-rate");
    expect(frameRate?.fps).toBeGreaterThan(0);
    expect(frameRate?.targetFps).toBeGreaterThanOrEqual(30);
    expect(frameRate?.page).toBe("/pulse/meta/experience");

    // The experience page states both metrics against the manifest's targets.
    await expect.poll(() => page.getByTestId("experience-average-fps-drop").textContent()).toMatch(/< 5/);
    expect(await page.getByTestId("experience-soundscape-opt-in-rate").textContent()).toMatch(/> 25/);
    await page.screenshot({ path: join(artifacts, "experience.png"), fullPage: true });
    await page.close();
  });

  it("lets prefers-reduced-motion switch every transition off", async () => {
    const page = await e2e.browser.newPage();
    await page.emulateMedia({ reducedMotion: "reduce" });
    await signInAs(page, e2e.stack.webUrl, analyst.email, analyst.password);
    await openPage(page, e2e.stack.webUrl);
    const wrapper = page.locator(".page-transition").first();
    expect(await wrapper.getAttribute("data-motion-quality")).toBe("off");
    expect(await wrapper.getAttribute("data-motion-duration")).toBe("0");
    expect(await navigateWatchingOpacity(page, /^Dealers/, "Dealers")).toEqual({
      lowest: 1,
      webAnimations: [],
    });
    await page.close();
  });
});
