import { DEMO_ACCOUNTS, PAGE_RULES } from "@dai/auth";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { openPage, signInAs, useStack } from "./stack.js";

type Dealer = { id: string; name: string; groupId: string };
type Outcome = "shown" | "not allowed" | "not found" | "sign in";

/** What a person sees on a page: the page itself, "Not allowed", "Page not found", or the sign-in form. */
async function outcomeOf(page: Page, url: string): Promise<Outcome> {
  await openPage(page, url);
  // A redirect decided while the page streams happens in the browser: let it settle first.
  await page.waitForLoadState("networkidle");
  if (new URL(page.url()).pathname === "/sign-in") return "sign in";
  const heading = (await page.locator("h1, h2").first().textContent())?.trim();
  if (heading === "Not allowed") return "not allowed";
  if (heading === "Page not found") return "not found";
  return "shown";
}

describe("every dashboard page × every role, in Chromium", () => {
  const e2e = useStack();
  let dealers: Dealer[];

  beforeAll(async () => {
    const { readFile } = await import("node:fs/promises");
    dealers = JSON.parse(await readFile(`${e2e.stack.dataDir}/dealers.json`, "utf8"));
  });

  it("sends a visitor who is not signed in to the sign-in page, which lists the demo accounts", async () => {
    const page = await e2e.browser.newPage();
    for (const pattern of Object.keys(PAGE_RULES).filter((p) => p !== "/sign-in")) {
      const url = `${e2e.stack.webUrl}${pattern.replace("[dealerId]", "dlr-001")}`;
      await openPage(page, url);
      // The redirect is decided while the page streams and happens in the browser, which can take
      // longer than the network to go idle (seen on a cold first page): wait for it, bounded.
      await page.waitForURL((next) => next.pathname === "/sign-in", { timeout: 15_000 }).catch(() => {});
      expect(new URL(page.url()).pathname, pattern).toBe("/sign-in");
    }
    const listed = await page.locator(".demo-accounts code").allTextContents();
    for (const account of DEMO_ACCOUNTS) expect(listed).toContain(account.email);
    await page.close();
  });

  // One test per account, so each walks its pages within its own time limit.
  it.each(DEMO_ACCOUNTS)(
    "shows $role ($scope) what its rules allow, and no dealer outside its scope",
    async (account) => {
      const ownDealer = "dlr-001";
      const failures: string[] = [];
      {
        const context = await e2e.browser.newContext();
        const page = await context.newPage();
        await signInAs(page, e2e.stack.webUrl, account.email, account.password);
        const groupCounts = new Map<string, number>();
        for (const d of dealers)
          if (!d.groupId.startsWith("grp-independent"))
            groupCounts.set(d.groupId, (groupCounts.get(d.groupId) ?? 0) + 1);
        const biggestGroup = [...groupCounts.entries()].sort(
          (a, b) => b[1] - a[1] || a[0].localeCompare(b[0]),
        )[0]?.[0];
        const scope =
          account.scope === "all"
            ? dealers.map((d) => d.id)
            : account.scope === "one-dealer"
              ? [ownDealer]
              : dealers.filter((d) => d.groupId === biggestGroup).map((d) => d.id);
        const outside = dealers.find((d) => !scope.includes(d.id))?.id;
        for (const [pattern, rule] of Object.entries(PAGE_RULES)) {
          if (pattern === "/sign-in") continue;
          const targets = pattern.includes("[dealerId]")
            ? [scope[0] as string, outside].filter(Boolean)
            : [undefined];
          for (const dealerId of targets) {
            const url = `${e2e.stack.webUrl}${pattern.replace("[dealerId]", dealerId ?? "")}`;
            const expected: Outcome =
              "public" in rule
                ? "shown"
                : !rule.roles.includes(account.role)
                  ? "not allowed"
                  : dealerId && !scope.includes(dealerId)
                    ? "not found"
                    : "shown";
            const actual = await outcomeOf(page, url);
            if (actual !== expected)
              failures.push(`${account.role}/${account.scope} ${url}: expected ${expected}, saw ${actual}`);
          }
        }
        // The dealers list holds exactly the dealers in scope.
        await openPage(page, `${e2e.stack.webUrl}/dealers`);
        // React streams the table in (its finished copy can briefly stand twice): read until it settles.
        const listedIds = async () => {
          const ids = await page
            .locator("[data-dealer-id]")
            .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-dealer-id")));
          return [...new Set(ids)].sort();
        };
        await expect.poll(listedIds, { message: account.email }).toEqual([...scope].sort());
        await context.close();
      }
      expect(failures).toEqual([]);
    },
  );

  it("signs out: the session ends and pages ask to sign in again", async () => {
    const context = await e2e.browser.newContext();
    const page = await context.newPage();
    const admin = DEMO_ACCOUNTS.find((a) => a.role === "admin") as (typeof DEMO_ACCOUNTS)[number];
    await signInAs(page, e2e.stack.webUrl, admin.email, admin.password);
    expect(await outcomeOf(page, `${e2e.stack.webUrl}/admin/audit`)).toBe("shown");
    expect(await page.locator("[data-testid=audit-table]").textContent()).toContain("sign-in");
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL("**/sign-in**");
    expect(await outcomeOf(page, `${e2e.stack.webUrl}/admin/audit`)).toBe("sign in");
    await context.close();
  });

  it("shows a clear message for a wrong password", async () => {
    const page = await e2e.browser.newPage();
    await openPage(page, `${e2e.stack.webUrl}/sign-in`);
    await page.getByLabel("E-mail").fill("dealer@demo.dealershipai.dev");
    await page.getByLabel("Password").fill("not-it");
    await page.waitForFunction(
      () => !(document.querySelector('button[type="submit"]') as HTMLButtonElement | null)?.disabled,
    );
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL("**/sign-in?**error=**");
    expect(await page.locator('p[role="alert"]').textContent()).toContain("do not match");
    await page.close();
  });
});
