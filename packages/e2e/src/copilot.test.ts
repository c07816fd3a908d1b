import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { DEMO_ACCOUNTS } from "@dai/auth";
import { describe, expect, it } from "vitest";
import { openPage, signInAs, useStack } from "./stack.js";

const artifacts = join(import.meta.dirname, "..", "artifacts");
const cli = join(import.meta.dirname, "..", "..", "cli", "dist", "bin.js");
const account = (role: string) =>
  DEMO_ACCOUNTS.find((a) => a.email.startsWith(`${role}@`)) as (typeof DEMO_ACCOUNTS)[number];

describe("the Copilot in Chromium", () => {
  const e2e = useStack();

  it("shows a dealer user a message in a tone and mood; a thumbs up is stored as a Copilot event", async () => {
    const page = await e2e.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signInAs(page, e2e.stack.webUrl, account("dealer").email, account("dealer").password);
    await openPage(page, `${e2e.stack.webUrl}/copilot`);
    const messages = page.locator("[data-testid=copilot-message]");
    await messages.first().waitFor();
    expect(await messages.count()).toBeGreaterThanOrEqual(3);
    const first = messages.first();
    const text = (await first.locator("p").first().textContent()) ?? "";
    expect(text.length).toBeGreaterThan(20);
    expect(text).not.toMatch(/undefined|NaN/);
    const tone = (await page.locator("[data-testid=copilot-tone]").first().textContent())?.trim();
    const mood = (await page.locator("[data-testid=copilot-mood]").first().textContent())?.trim();
    expect(["professional", "friendly", "concise", "enthusiastic", "empathetic"]).toContain(tone);
    expect(["calm", "upbeat", "focused", "concerned", "celebratory"]).toContain(mood);
    const up = first.getByRole("button", { name: "Helpful", exact: true });
    await up.click();
    await first.getByText(/Thanks — your feedback tunes the Copilot's tone/).waitFor();
    expect(await up.getAttribute("aria-pressed")).toBe("true");
    expect(await up.isDisabled()).toBe(true);
    const stored = (await readFile(join(e2e.stack.dataDir, "copilot-feedback.ndjson"), "utf8"))
      .trim()
      .split("\n");
    expect(stored).toHaveLength(1);
    expect(JSON.parse(stored[0] as string)).toMatchObject({
      type: "copilot.explanation",
      userId: account("dealer").email,
      tone,
      mood,
      feedback: "up",
    });
    await page.screenshot({ path: join(artifacts, "copilot.png"), fullPage: true });
    // After a reload the rating is still shown as given.
    await openPage(page, `${e2e.stack.webUrl}/copilot`);
    const again = page.locator("[data-testid=copilot-message]").first();
    await again.getByText("You rated this message.").waitFor();
    expect(
      await again.getByRole("button", { name: "Helpful", exact: true }).getAttribute("aria-pressed"),
    ).toBe("true");
    await page.close();
  });

  it("shows analysts the tone weights over time with intervals, and the mood report against the target", async () => {
    const page = await e2e.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signInAs(page, e2e.stack.webUrl, account("analyst").email, account("analyst").password);
    await openPage(page, `${e2e.stack.webUrl}/pulse/meta/tone`);
    const charts = page.locator('svg.copilot-chart[role="img"], figure.copilot-chart svg[role="img"]');
    await charts.first().waitFor();
    expect(await charts.count()).toBeGreaterThanOrEqual(2);
    expect(await charts.first().getAttribute("aria-label")).toMatch(
      /Tone weights per week .* with the floor 0\.1/,
    );
    expect(await page.locator("figure.copilot-chart svg path[stroke]").count()).toBeGreaterThanOrEqual(5);
    await page
      .getByText(/Posterior mean approval rate/)
      .first()
      .waitFor({ state: "attached" });
    await page.screenshot({ path: join(artifacts, "copilot-tone.png"), fullPage: true });
    // The daily mood job's output, as the scheduler would write it (`dai mood`).
    await promisify(execFile)(process.execPath, [cli, "mood", "--data-dir", e2e.stack.dataDir]);
    await openPage(page, `${e2e.stack.webUrl}/pulse/meta/mood`);
    const sentiment = page.locator('figure.copilot-chart svg[role="img"]').first();
    await sentiment.waitFor();
    expect(await sentiment.getAttribute("aria-label")).toMatch(/against the > 0\.8 target/);
    const table = page.locator("[data-testid=mood-table]").first();
    await table.waitFor();
    expect(await table.locator("tbody tr").count()).toBe(5);
    expect(await page.locator("[data-testid=mood-summary]").first().textContent()).toMatch(
      /Target > 0\.8: (met|not met)/,
    );
    await page.screenshot({ path: join(artifacts, "copilot-mood.png"), fullPage: true });
    await page.close();
  });
});
