import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { AREAS } from "./navigation.js";

describe("navigation", () => {
  it("has a page for every area it links to", () => {
    for (const area of AREAS) {
      const page = join(import.meta.dirname, "..", "app", area.href, "page.tsx");
      expect(existsSync(page), `${area.href} → ${page}`).toBe(true);
    }
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
