import { readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { entry } from "./__tests__/entries.js";
import { tempDir } from "./__tests__/tmp.js";
import { appendBuilds, appendLighthouse, findBaseline, readHistory, saveBaseline } from "./history.js";

describe("build history", () => {
  it("appends builds to data/build-metrics.json and reads them back", async () => {
    const dataDir = await tempDir();
    expect((await readHistory(dataDir)).builds).toEqual([]);
    await appendBuilds(dataDir, [entry("web", "t1", { "/": 1 })]);
    await appendBuilds(dataDir, [entry("web", "t2", { "/": 2 })]);
    const history = await readHistory(dataDir);
    expect(history.builds.map((b) => b.id)).toEqual(["web@t1", "web@t2"]);
    expect(JSON.parse(readFileSync(join(dataDir, "build-metrics.json"), "utf8")).version).toBe(1);
    expect(findBaseline(history, history.builds[1] as never)?.id).toBe("web@t1");
  });

  it("keeps the newest builds per app but never drops a named baseline", async () => {
    const dataDir = await tempDir();
    await appendBuilds(dataDir, [entry("web", "t1", { "/": 1 }), entry("docs", "t1", { "/": 1 })]);
    await saveBaseline(dataDir, "main", ["web"]);
    await appendBuilds(
      dataDir,
      [2, 3, 4].map((t) => entry("web", `t${t}`, { "/": t })),
      2,
    );
    const history = await readHistory(dataDir);
    expect(history.builds.map((b) => b.id)).toEqual(["web@t1", "docs@t1", "web@t3", "web@t4"]);
    expect(history.baselines).toEqual({ main: { web: "web@t1" } });
  });

  it("stores Lighthouse results beside the builds", async () => {
    const dataDir = await tempDir();
    await appendLighthouse(dataDir, [
      {
        time: "t",
        commit: "c",
        url: "http://127.0.0.1/",
        runs: 3,
        scores: { performance: 0.9 },
        metrics: {},
        passed: true,
      },
    ]);
    expect((await readHistory(dataDir)).lighthouse[0]?.scores.performance).toBe(0.9);
  });

  it("names the broken build in a damaged history", async () => {
    const dataDir = await tempDir();
    await writeFile(
      join(dataDir, "build-metrics.json"),
      JSON.stringify({ version: 1, builds: [{ app: "web" }] }),
    );
    await expect(readHistory(dataDir)).rejects.toThrow(/builds\[0\] lacks id/);
    await writeFile(join(dataDir, "build-metrics.json"), "{ broken");
    await expect(readHistory(dataDir)).rejects.toThrow(/build-metrics\.json/);
  });
});
