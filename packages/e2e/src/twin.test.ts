import { join } from "node:path";
import { DEMO_ACCOUNTS } from "@dai/auth";
import { runTwinUpdate } from "@dai/dealer-twin";
import { beforeAll, describe, expect, it } from "vitest";
import { openPage, signInAs, useStack } from "./stack.js";

const artifacts = join(import.meta.dirname, "..", "artifacts");
const account = (role: string) =>
  DEMO_ACCOUNTS.find((a) => a.email.startsWith(`${role}@`)) as (typeof DEMO_ACCOUNTS)[number];

describe("dealer twin in Chromium", () => {
  const e2e = useStack();

  beforeAll(async () => {
    // The daily job's output, as the scheduler would write it.
    await runTwinUpdate({ dataDir: e2e.stack.dataDir, horizonDays: 28, workers: 1 });
  });

  it("shows a dealer its history, forecast and intervals on one chart per KPI, with deviation and anomalies", async () => {
    const page = await e2e.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signInAs(page, e2e.stack.webUrl, account("dealer").email, account("dealer").password);
    await openPage(page, `${e2e.stack.webUrl}/dealers/dlr-001`);
    const twinSection = page.locator("section[aria-labelledby=twin-title]").first();
    const charts = twinSection.locator('svg.forecast-chart[role="img"]');
    await expect.poll(() => charts.count()).toBe(5);
    expect(await charts.first().getAttribute("aria-label")).toMatch(
      /last 90 days and the 28-day forecast with 80% and 95% intervals/,
    );
    expect(await twinSection.locator(".band-95").count()).toBe(5);
    expect(await twinSection.locator('.deviation-over-time svg[role="img"]').count()).toBe(5);
    expect(await twinSection.locator('[data-kpi="leads"]').textContent()).toMatch(/Deviation:.*28 days MAPE/);
    await page.screenshot({ path: join(artifacts, "dealer-twin.png"), fullPage: true });
    await openPage(page, `${e2e.stack.webUrl}/dealer-twin`);
    const summary = page.locator("[data-testid=twin-summary]").first();
    await summary.waitFor();
    expect(await summary.locator(".card").count()).toBe(3);
    // A dealer's summary covers only its own dealership.
    expect(await summary.textContent()).toMatch(/[01] \/ 1/);
    await page.close();
  });

  it("shows analysts the twin job's runs and the platform deviation against the target", async () => {
    const page = await e2e.browser.newPage();
    await signInAs(page, e2e.stack.webUrl, account("analyst").email, account("analyst").password);
    await openPage(page, `${e2e.stack.webUrl}/pulse/meta/twin`);
    await page.locator("[data-testid=twin-runs]").first().waitFor();
    expect(await page.locator("[data-testid=twin-runs] tbody tr").count()).toBeGreaterThanOrEqual(1);
    await page
      .getByText(/against the manifest's target \(under 5%\)/)
      .first()
      .waitFor();
    expect(await page.locator('svg.sparkline[role="img"]').count()).toBeGreaterThanOrEqual(1);
    await page.close();
  });
});
