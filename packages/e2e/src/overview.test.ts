import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { DEMO_ACCOUNTS } from "@dai/auth";
import { listSuccessMetrics, loadManifest } from "@dai/manifest-schema";
import { beforeAll, describe, expect, it } from "vitest";
import { openPage, root, signInAs, useStack } from "./stack.js";

const analyst = DEMO_ACCOUNTS.find((a) => a.role === "analyst") as (typeof DEMO_ACCOUNTS)[number];

const artifacts = join(import.meta.dirname, "..", "artifacts");
const manifest = await loadManifest(join(root, "manifest", "dealershipai-hyper-optimization-manifest.json"));

describe("dashboard overview in Chromium", () => {
  const e2e = useStack();
  beforeAll(() => mkdir(artifacts, { recursive: true }));

  it("shows every success metric of the manifest with its target", async () => {
    const page = await e2e.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signInAs(page, e2e.stack.webUrl, analyst.email, analyst.password);
    await openPage(page, e2e.stack.webUrl);
    await expect.poll(() => page.locator("h1").textContent()).toBe("Overview");
    const metrics = listSuccessMetrics(manifest);
    for (const metric of metrics) {
      const card = page.locator(`[data-metric-id="${metric.id}"]`);
      await expect.poll(() => card.locator("h3").textContent(), { message: metric.id }).toBe(metric.name);
      expect(await card.locator(".target").textContent()).toContain(metric.targetLabel);
      expect(await card.locator(".owner").textContent()).toBe(metric.owner);
    }
    expect(await page.locator("[data-metric-id]").count()).toBe(metrics.length);
    await page.screenshot({ path: join(artifacts, "overview.png"), fullPage: true });
    await page.close();
  });

  it("sends pages with the dashboard's security headers and API answers with the API's own", async () => {
    const page = await fetch(`${e2e.stack.webUrl}/sign-in`);
    expect(page.status).toBe(200);
    expect(page.headers.get("x-frame-options")).toBe("DENY");
    expect(page.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(page.headers.get("x-content-type-options")).toBe("nosniff");
    expect(page.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    const api = await fetch(`${e2e.stack.webUrl}/api/manifest`);
    expect(api.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
  });

  it("links every area the role may open from the navigation and marks the current one", async () => {
    const page = await e2e.browser.newPage();
    await signInAs(page, e2e.stack.webUrl, analyst.email, analyst.password);
    await openPage(page, e2e.stack.webUrl);
    const links = await page.locator('nav[aria-label="Main"] a').allTextContents();
    expect(links.map((l) => l.replace("(soon)", "").trim())).toEqual([
      "Overview",
      "Dealers",
      "Dealer twin",
      "Copilot",
      "Meta: health",
      "Meta: telemetry",
      "Meta: jobs",
      "Meta: twin",
      "Meta: tone",
      "Meta: mood",
      "Meta: cache",
      "Meta: bundles",
      "Meta: vectors",
      "Meta: experience",
    ]);
    expect(links).not.toContain("Audit trail");
    await page.locator('nav[aria-label="Main"] a', { hasText: "Meta: experience" }).click();
    await page.waitForURL("**/pulse/meta/experience");
    expect(await page.locator('a[aria-current="page"]').textContent()).toContain("Meta: experience");
    await page.close();
  });

  it("shows every measured success metric on the health page, with the API's own p95 latency measured", async () => {
    const page = await e2e.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signInAs(page, e2e.stack.webUrl, analyst.email, analyst.password);
    const p95 = page.locator('tr[data-metric="edge-p95-latency"] .badge');
    // The API tracks its own requests; the hub loads them within seconds.
    await expect
      .poll(
        async () => {
          await openPage(page, `${e2e.stack.webUrl}/pulse/meta/health`);
          return (await p95.first().textContent())?.trim();
        },
        { timeout: 45_000, interval: 2000 },
      )
      .toMatch(/^(Met|At risk|Missed)$/);
    expect(await page.locator("[data-testid=health-table] tr[data-metric]").count()).toBeGreaterThan(5);
    expect(await page.locator('svg.sparkline[role="img"]').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(artifacts, "health.png"), fullPage: true });
    await openPage(page, `${e2e.stack.webUrl}/pulse/meta/telemetry`);
    const events = page.locator("[data-testid=telemetry-cards] .card").first().locator(".target");
    expect(Number((await events.textContent())?.replace(/,/g, ""))).toBeGreaterThan(0);
    expect(await page.locator(".bar-list li").count()).toBeGreaterThan(0);
    // The loader's own counters: events went in, nothing was set aside.
    const counters = page.locator("[data-testid=ingest-counters]");
    const loaded = counters.locator("tr", { hasText: "Events loaded into the warehouse" }).locator("td");
    expect(Number((await loaded.textContent())?.replace(/,/g, ""))).toBeGreaterThan(0);
    expect(await page.locator("[data-testid=rejected-spool-files]").count()).toBe(0);
    await page.screenshot({ path: join(artifacts, "telemetry.png"), fullPage: true });
    await page.close();
  });

  it("lays out on a phone-sized screen without horizontal scrolling of the page", async () => {
    const page = await e2e.browser.newPage({ viewport: { width: 390, height: 844 } });
    await signInAs(page, e2e.stack.webUrl, analyst.email, analyst.password);
    await openPage(page, e2e.stack.webUrl);
    await page.locator("[data-metric-id]").first().waitFor();
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(artifacts, "overview-phone.png"), fullPage: false });
    await page.close();
  });
});

describe("dashboard overview when the API is down", () => {
  // A stack of its own: this suite stops the API.
  const e2e = useStack();

  it("tells a signed-in user the API could not be reached instead of failing", async () => {
    const page = await e2e.browser.newPage();
    await signInAs(page, e2e.stack.webUrl, analyst.email, analyst.password);
    // Stop only the API: the dashboard keeps running.
    await e2e.stack.stopApi();
    await openPage(page, e2e.stack.webUrl);
    const alert = page.locator('section[role="alert"]');
    await expect.poll(() => alert.locator("h1").textContent()).toBe("Service unavailable");
    expect(await alert.textContent()).toContain("could not be reached");
  });
});
