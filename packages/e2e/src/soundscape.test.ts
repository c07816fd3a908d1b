import { join } from "node:path";
import { DEMO_ACCOUNTS } from "@dai/auth";
import { STEMS } from "@dai/soundscape";
import type { AudioSnapshot } from "@dai/soundscape/player";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { openPage, signInAs, useStack } from "./stack.js";

const artifacts = join(import.meta.dirname, "..", "artifacts");
const analyst = DEMO_ACCOUNTS.find((a) => a.role === "analyst") as (typeof DEMO_ACCOUNTS)[number];

/** The page's own view of its audio graph: context state and the gain nodes' current values. */
const snapshot = (page: Page) =>
  page.evaluate(() => window.__daiSoundscape?.snapshot() ?? null) as Promise<AudioSnapshot | null>;

/** Euclidean distance between the stems' current gains and a target. */
const distance = (s: AudioSnapshot, target: AudioSnapshot["targets"]) =>
  Math.hypot(...STEMS.map((stem) => s.gains[stem] - target[stem]));

describe("predictive soundscape in Chromium", () => {
  const e2e = useStack();

  it("is off by default, plays after the switch, and cross-fades the stems toward a new mood", async () => {
    const page = await e2e.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signInAs(page, e2e.stack.webUrl, analyst.email, analyst.password);
    await openPage(page, e2e.stack.webUrl);
    const toggle = page.getByRole("switch", { name: "Soundscape" });
    expect(await toggle.getAttribute("aria-checked")).toBe("false");
    // Nothing audible (no context, no player) before the user opts in.
    expect(await snapshot(page)).toBeNull();

    const optIn = page.waitForRequest(
      (request) =>
        request.url().endsWith("/api/telemetry/browser") &&
        (request.postData() ?? "").includes('"kind":"soundscape.opt"'),
      { timeout: 15_000 },
    );
    await toggle.click();
    expect(await toggle.getAttribute("aria-checked")).toBe("true");
    await expect.poll(async () => (await snapshot(page))?.context, { timeout: 15_000 }).toBe("running");
    await expect
      .poll(async () => (await snapshot(page))?.master ?? 0, { timeout: 5000 })
      .toBeGreaterThan(0.1);
    await expect.poll(async () => (await snapshot(page))?.status).toBe("playing");
    // The Copilot mood (or the calm fallback) is playing: the graph's gains settle on its targets.
    await expect
      .poll(async () => {
        const s = (await snapshot(page)) as AudioSnapshot;
        return distance(s, s.targets);
      })
      .toBeLessThan(0.05);
    const before = (await snapshot(page)) as AudioSnapshot;
    expect(Math.hypot(...STEMS.map((s) => before.gains[s]))).toBeCloseTo(1, 1);
    expect(JSON.parse((await optIn).postData() ?? "{}").events).toContainEqual(
      expect.objectContaining({ kind: "soundscape.opt", opt: "in" }),
    );

    // Preview "concerned": the alert stem's target rises; the graph glides there, not in one jump.
    await page.getByLabel("Preview mood").selectOption("concerned");
    await expect.poll(async () => (await snapshot(page))?.mood).toBe("concerned");
    const target = ((await snapshot(page)) as AudioSnapshot).targets;
    expect(target.alert).toBeGreaterThan(before.gains.alert + 0.5);
    const start = distance(before, target);
    await page.waitForTimeout(400);
    const early = (await snapshot(page)) as AudioSnapshot;
    expect(distance(early, target)).toBeLessThan(start);
    expect(distance(early, target)).toBeGreaterThan(0.05); // still gliding after 400 ms
    await expect
      .poll(async () => distance((await snapshot(page)) as AudioSnapshot, target), { timeout: 15_000 })
      .toBeLessThan(0.1);
    const after = (await snapshot(page)) as AudioSnapshot;
    expect(after.gains.alert).toBeGreaterThan(before.gains.alert);
    expect(after.gains.calm).toBeLessThan(before.gains.calm + 1e-6);
    // The visible meters show the same graph values.
    expect(Number(await page.locator('meter[data-stem="alert"]').getAttribute("data-gain"))).toBeGreaterThan(
      0.5,
    );
    await page.screenshot({ path: join(artifacts, "soundscape-on.png") });
    await page.close();
  });

  it("suspends while the tab is hidden, resumes when it is visible, and remembers the choice", async () => {
    const page = await e2e.browser.newPage();
    await signInAs(page, e2e.stack.webUrl, analyst.email, analyst.password);
    await openPage(page, e2e.stack.webUrl);
    await page.getByRole("switch", { name: "Soundscape" }).click();
    await expect.poll(async () => (await snapshot(page))?.status, { timeout: 15_000 }).toBe("playing");

    const setHidden = (hidden: boolean) =>
      page.evaluate((value) => {
        Object.defineProperty(document, "hidden", { configurable: true, get: () => value });
        Object.defineProperty(document, "visibilityState", {
          configurable: true,
          get: () => (value ? "hidden" : "visible"),
        });
        document.dispatchEvent(new Event("visibilitychange"));
      }, hidden);
    await setHidden(true);
    await expect.poll(async () => (await snapshot(page))?.context).toBe("suspended");
    expect((await snapshot(page))?.status).toBe("suspended");
    await setHidden(false);
    await expect.poll(async () => (await snapshot(page))?.context).toBe("running");
    expect((await snapshot(page))?.status).toBe("playing");

    // A reload keeps the opt-in; the switch is on again.
    await openPage(page, e2e.stack.webUrl);
    expect(await page.getByRole("switch", { name: "Soundscape" }).getAttribute("aria-checked")).toBe("true");

    // Switching off fades the master gain to silence, reports the listening time, and is remembered.
    const optOut = page.waitForRequest(
      (request) =>
        request.url().endsWith("/api/telemetry/browser") &&
        (request.postData() ?? "").includes('"opt":"out"'),
      { timeout: 15_000 },
    );
    await page.getByRole("switch", { name: "Soundscape" }).click();
    await expect.poll(async () => (await snapshot(page))?.master ?? 0).toBeLessThan(0.01);
    const events = JSON.parse((await optOut).postData() ?? "{}").events as {
      opt?: string;
      durationMs?: number;
    }[];
    const out = events.find((event) => event.opt === "out");
    expect(out?.durationMs).toBeGreaterThanOrEqual(0);
    await openPage(page, e2e.stack.webUrl);
    expect(await page.getByRole("switch", { name: "Soundscape" }).getAttribute("aria-checked")).toBe("false");
    await page.close();
  });
});
