import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { DEMO_ACCOUNTS } from "@dai/auth";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { openPage, signInAs, useStack } from "./stack.js";

const artifacts = join(import.meta.dirname, "..", "artifacts");
const account = (role: string) =>
  DEMO_ACCOUNTS.find((a) => a.email.startsWith(`${role}@`)) as (typeof DEMO_ACCOUNTS)[number];
type Dealer = { id: string; brand: string; region: string };

const rowIds = (page: Page) =>
  page
    .locator("[data-testid=dealers-table] tbody tr")
    .evaluateAll((rows) => rows.map((row) => row.getAttribute("data-dealer-id") as string));
const rowScores = (page: Page) =>
  page
    .locator("[data-testid=dealers-table] tbody tr")
    .evaluateAll((rows) => rows.map((row) => Number(row.getAttribute("data-score"))));

describe("AI Visibility scores in Chromium", () => {
  const e2e = useStack();
  let dealers: Dealer[];

  beforeAll(async () => {
    dealers = JSON.parse(await readFile(join(e2e.stack.dataDir, "dealers.json"), "utf8"));
  });

  it("sorts and filters the dealers table, with a sparkline per dealer", async () => {
    const page = await e2e.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signInAs(page, e2e.stack.webUrl, account("analyst").email, account("analyst").password);
    await openPage(page, `${e2e.stack.webUrl}/dealers`);
    const table = page.locator("[data-testid=dealers-table]").first();
    await table.waitFor();
    expect((await rowIds(page)).sort()).toEqual(dealers.map((d) => d.id).sort());
    // Default: best score first.
    const scores = await rowScores(page);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(await table.locator('tbody svg.sparkline[role="img"]').count()).toBe(dealers.length);
    expect(await table.locator('th[aria-sort="descending"]').textContent()).toContain("AI Visibility score");

    // Clicking the score header flips to ascending.
    await Promise.all([page.waitForURL(/sort=score/), table.locator("a[data-sort=score]").click()]);
    await openPage(page, page.url());
    const ascending = await rowScores(page);
    expect(ascending).toEqual([...ascending].sort((a, b) => a - b));

    // Filter by a brand through the form.
    const brand = dealers[0]?.brand as string;
    await page.locator("[data-testid=filter-brand]").first().selectOption(brand);
    await Promise.all([page.waitForURL(/brand=/), page.getByRole("button", { name: "Filter" }).click()]);
    await openPage(page, page.url());
    const filtered = await rowIds(page);
    const expected = dealers.filter((d) => d.brand === brand).map((d) => d.id);
    expect(filtered.sort()).toEqual(expected.sort());
    await page.screenshot({ path: join(artifacts, "dealers-scores.png"), fullPage: true });
    await page.close();
  });

  it("shows a dealer its score breakdown: components, trend, ranks and Health index inputs", async () => {
    const page = await e2e.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signInAs(page, e2e.stack.webUrl, account("dealer").email, account("dealer").password);
    await openPage(page, `${e2e.stack.webUrl}/dealers/dlr-001`);
    const section = page.locator("[data-testid=score-breakdown]").first();
    await section.waitFor();
    expect(Number(await section.locator("[data-testid=score-value]").textContent())).toBeGreaterThanOrEqual(
      0,
    );
    expect(await section.locator("[data-testid=score-components] tbody tr").count()).toBe(5);
    expect(await section.locator("[data-testid=health-inputs] tbody tr").count()).toBe(4);
    expect(await section.locator("[data-testid=score-ranks]").textContent()).toMatch(/Brand\d+ of \d+/);
    expect(await section.locator("[data-testid=score-trend]").textContent()).toMatch(/in 7 days/);
    await page.close();
  });

  it("shows analysts the tuned TTL of each cached resource on /pulse/meta/cache", async () => {
    const page = await e2e.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signInAs(page, e2e.stack.webUrl, account("analyst").email, account("analyst").password);
    // Read a score so the cache has a resource to explain.
    await openPage(page, `${e2e.stack.webUrl}/dealers/dlr-002`);
    await openPage(page, `${e2e.stack.webUrl}/pulse/meta/cache`);
    const table = page.locator("[data-testid=cache-resources]").first();
    await table.waitFor();
    const row = table.locator('tr[data-resource="score:dlr-002"]');
    expect(await row.count()).toBe(1);
    expect(await row.textContent()).toMatch(/\d+ (s|min|h|d)/);
    expect(await page.locator("[data-testid=cache-totals]").first().textContent()).toMatch(/Hit ratio/);
    await page.screenshot({ path: join(artifacts, "meta-cache.png"), fullPage: true });
    await page.close();
  });
});
