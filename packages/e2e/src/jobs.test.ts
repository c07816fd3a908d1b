import { DEMO_ACCOUNTS } from "@dai/auth";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, type Stack, signInAs, startStack } from "./stack.js";

const admin = DEMO_ACCOUNTS.find((a) => a.role === "admin") as (typeof DEMO_ACCOUNTS)[number];
const analyst = DEMO_ACCOUNTS.find((a) => a.role === "analyst") as (typeof DEMO_ACCOUNTS)[number];

describe("the jobs page in Chromium", () => {
  let stack: Stack;
  let browser: Browser;

  beforeAll(async () => {
    stack = await startStack();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it("lets an admin run a job with the button and shows the successful run", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInAs(page, stack.webUrl, admin.email, admin.password);
    await page.goto(`${stack.webUrl}/pulse/meta/jobs`);
    const row = page.locator('tr[data-job="benchmark-refresh"]');
    expect(await row.locator("td").nth(1).textContent()).toContain("0 4 * * 1");
    await row.getByRole("button", { name: "Run benchmark-refresh now" }).click();
    await expect.poll(() => row.getByRole("status").textContent()).toContain("Started");
    await expect
      .poll(async () => {
        await page.reload();
        return row.locator("td[data-outcome]").getAttribute("data-outcome");
      })
      .toBe("success");
    await context.close();
  });

  it("shows an analyst the jobs without a run button", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInAs(page, stack.webUrl, analyst.email, analyst.password);
    await page.goto(`${stack.webUrl}/pulse/meta/jobs`);
    await page.locator("[data-testid=jobs-table]").waitFor();
    expect(await page.getByRole("button", { name: /Run .* now/ }).count()).toBe(0);
    await context.close();
  });
});
