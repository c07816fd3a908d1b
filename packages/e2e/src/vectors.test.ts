import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { DEMO_ACCOUNTS } from "@dai/auth";
import { createPureBackend, updateDealerVectors } from "@dai/vector-engine";
import { beforeAll, describe, expect, it } from "vitest";
import { openPage, signInAs, useStack } from "./stack.js";

const artifacts = join(import.meta.dirname, "..", "artifacts");
const account = (role: string) =>
  DEMO_ACCOUNTS.find((a) => a.email.startsWith(`${role}@`)) as (typeof DEMO_ACCOUNTS)[number];

describe("vectors in Chromium", () => {
  const e2e = useStack();
  let dealers: { id: string; name: string }[];

  beforeAll(async () => {
    // The daily job's output, as the scheduler would write it.
    await updateDealerVectors({
      dataDir: e2e.stack.dataDir,
      backend: createPureBackend(),
      kMin: 2,
      kMax: 5,
      restarts: 3,
      holdoutDays: 14,
      accuracyTarget: 0.9,
    });
    dealers = JSON.parse(await readFile(join(e2e.stack.dataDir, "dealers.json"), "utf8"));
  });

  it("shows a dealer similar dealers, its cluster and tone, without any other dealer's name", async () => {
    const page = await e2e.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signInAs(page, e2e.stack.webUrl, account("dealer").email, account("dealer").password);
    await openPage(page, `${e2e.stack.webUrl}/dealers/dlr-001`);
    const section = page.locator("[data-testid=similar-dealers]").first();
    await section.waitFor();
    const rows = section.locator("[data-testid=similar-table] tbody tr");
    await expect.poll(() => rows.count()).toBe(5);
    expect(await section.locator("[data-anonymised=true]").count()).toBe(5);
    expect(await section.locator("[data-testid=dealer-cluster]").textContent()).toMatch(
      /^#\d+ \(\d+ dealers\)$/,
    );
    expect(await section.locator("[data-testid=recommended-tone]").textContent()).toMatch(
      /professional|friendly|concise|enthusiastic|empathetic/,
    );
    const text = (await section.textContent()) ?? "";
    for (const other of dealers.filter((d) => d.id !== "dlr-001")) {
      expect(text).not.toContain(other.name);
      expect(text).not.toContain(other.id);
    }
    expect(await section.locator("a[href^='/dealers/']").count()).toBe(0);
    await section.screenshot({ path: join(artifacts, "similar-dealers.png") });
    await page.close();
  });

  it("shows an analyst the map with one point per dealer, coloured by cluster, and the accuracy against 90%", async () => {
    const page = await e2e.browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await signInAs(page, e2e.stack.webUrl, account("analyst").email, account("analyst").password);
    await openPage(page, `${e2e.stack.webUrl}/pulse/meta/vectors`);
    const map = page.locator("[data-testid=cluster-map]").first();
    await map.waitFor();
    const points = map.locator(".cluster-point");
    expect(await points.count()).toBe(dealers.length);
    const ids = await points.evaluateAll((nodes) => nodes.map((n) => n.getAttribute("data-dealer-id")));
    expect(new Set(ids)).toEqual(new Set(dealers.map((d) => d.id)));
    const clusters = new Set(
      await points.evaluateAll((nodes) => nodes.map((n) => n.getAttribute("data-cluster"))),
    );
    expect(clusters.size).toBeGreaterThanOrEqual(2);
    expect(await page.locator(".cluster-legend li").count()).toBe(clusters.size);
    expect(await page.locator("[data-testid=accuracy-bar]").first().textContent()).toMatch(
      /against the target of more than 90%/,
    );
    expect(await page.locator("[data-testid=vector-runs] tbody tr").count()).toBe(1);
    await page.screenshot({ path: join(artifacts, "vectors-map.png"), fullPage: true });
    // The analyst sees names in the similar list.
    await openPage(page, `${e2e.stack.webUrl}/dealers/dlr-001`);
    const named = page.locator("[data-testid=similar-table] a[href^='/dealers/']");
    await expect.poll(() => named.count()).toBe(5);
    await page.close();
  });
});
