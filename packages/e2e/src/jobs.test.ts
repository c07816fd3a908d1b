import { DEMO_ACCOUNTS } from "@dai/auth";
import { describe, expect, it } from "vitest";
import { openPage, signInAs, useStack } from "./stack.js";

const admin = DEMO_ACCOUNTS.find((a) => a.role === "admin") as (typeof DEMO_ACCOUNTS)[number];
const analyst = DEMO_ACCOUNTS.find((a) => a.role === "analyst") as (typeof DEMO_ACCOUNTS)[number];

describe("the jobs page in Chromium", () => {
  const e2e = useStack();

  it("lets an admin run a job with the button and shows the run live, without a reload", async () => {
    const context = await e2e.browser.newContext();
    const page = await context.newPage();
    await signInAs(page, e2e.stack.webUrl, admin.email, admin.password);
    await openPage(page, `${e2e.stack.webUrl}/pulse/meta/jobs`);
    // The page's EventSource on the pulse stream is connected before the job runs.
    await expect.poll(() => page.locator("[data-pulse-state]").getAttribute("data-pulse-state")).toBe("live");
    const row = page.locator('tr[data-job="benchmark-refresh"]');
    expect(await row.locator("td").nth(1).textContent()).toContain("0 4 * * 1");
    await row.getByRole("button", { name: "Run benchmark-refresh now" }).click();
    await expect.poll(() => row.getByRole("status").textContent()).toContain("Started");
    // The job.result event on the pulse stream refreshes the table.
    await expect
      .poll(() => row.locator("td[data-outcome]").getAttribute("data-outcome"), { timeout: 30_000 })
      .toBe("success");
    // The page reported how long the job.result event took to arrive: the unified update latency is measured.
    await expect
      .poll(
        async () => {
          const response = await page.request.get(
            `${e2e.stack.webUrl}/api/telemetry/slo?metric=unified-update-latency`,
          );
          const body = (await response.json()) as { metrics: { id: string; value: number | null }[] };
          return body.metrics.find((m) => m.id === "unified-update-latency")?.value ?? null;
        },
        { timeout: 30_000, interval: 1000 },
      )
      .not.toBeNull();
    await context.close();
  });

  it("shows an analyst the jobs without a run button", async () => {
    const context = await e2e.browser.newContext();
    const page = await context.newPage();
    await signInAs(page, e2e.stack.webUrl, analyst.email, analyst.password);
    await openPage(page, `${e2e.stack.webUrl}/pulse/meta/jobs`);
    await page.locator("[data-testid=jobs-table]").first().waitFor();
    expect(await page.getByRole("button", { name: /Run .* now/ }).count()).toBe(0);
    await context.close();
  });
});
