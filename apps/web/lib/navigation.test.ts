import { readdirSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { PAGE_RULES, pageRuleFor } from "@dai/auth/rules";
import { describe, expect, it } from "vitest";
import { AREAS } from "./navigation";

const appDir = join(import.meta.dirname, "..", "app");

/** Every page of the app as its route pattern (`app/dealers/[dealerId]/page.tsx` → `/dealers/[dealerId]`). */
function pagePatterns(dir = appDir): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "api" ? [] : pagePatterns(path);
    if (name !== "page.tsx") return [];
    const route = relative(appDir, dir).split(sep).filter(Boolean).join("/");
    return [`/${route}`];
  });
}

describe("navigation and page rules", () => {
  it("has a page for every area it links to", () => {
    expect(AREAS.map((a) => a.href).filter((href) => !pagePatterns().includes(href))).toEqual([]);
  });

  it("declares an access rule for every page of the app, and none for pages that do not exist", () => {
    const pages = pagePatterns();
    expect(pages.filter((page) => PAGE_RULES[page] === undefined)).toEqual([]);
    expect(Object.keys(PAGE_RULES).filter((pattern) => !pages.includes(pattern))).toEqual([]);
    expect(pageRuleFor("/dealers/dlr-001")?.params).toEqual({ dealerId: "dlr-001" });
  });

  it("covers every area DESIGN.md names", () => {
    const hrefs = AREAS.map((a) => a.href);
    for (const href of [
      "/",
      "/dealers",
      "/dealer-twin",
      "/copilot",
      "/pulse/meta/health",
      "/pulse/meta/telemetry",
    ]) {
      expect(hrefs).toContain(href);
    }
  });
});
