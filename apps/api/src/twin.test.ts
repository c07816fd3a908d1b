import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { runTwinUpdate } from "@dai/dealer-twin";
import type { Dealer } from "@dai/demo-data";
import { beforeAll, describe, expect, it } from "vitest";
import { account, harness } from "./__tests__/harness.js";

const h = await harness();
const dealers = JSON.parse(await readFile(join(h.dataDir, "dealers.json"), "utf8")) as Dealer[];

beforeAll(async () => {
  await runTwinUpdate({ dataDir: h.dataDir, horizonDays: 14, workers: 1 });
});

describe("dealer twin routes", () => {
  it("serves a dealer's twin with forecasts and 80/95% intervals, and 404s another dealer's", async () => {
    const dealer = await h.signIn(account("dealer").email, account("dealer").password);
    const own = dealers[0]?.id as string;
    const response = await h.app.request(`/api/dealer-twin/${own}`, { headers: { cookie: dealer.cookie } });
    expect(response.status).toBe(200);
    const { twin, target } = (await response.json()) as {
      target: number;
      twin: {
        dealerId: string;
        kpis: Record<
          string,
          { forecast: { mean: number[]; lower95: number[]; upper95: number[] }; why: string }
        >;
      };
    };
    expect(target).toBe(5);
    expect(twin.dealerId).toBe(own);
    const leads = twin.kpis.leads;
    expect(leads?.forecast.mean).toHaveLength(14);
    expect(leads?.forecast.lower95.every((low, i) => low <= (leads.forecast.upper95[i] as number))).toBe(
      true,
    );
    expect(leads?.why.length).toBeGreaterThan(10);
    const other = await h.app.request(`/api/dealer-twin/${dealers[7]?.id}`, {
      headers: { cookie: dealer.cookie },
    });
    expect(other.status).toBe(404);
  });

  it("summarises deviation over the caller's dealers only, and shows the job's runs to analysts", async () => {
    const dealer = await h.signIn(account("dealer").email, account("dealer").password);
    const mine = (await (
      await h.app.request("/api/dealer-twin", { headers: { cookie: dealer.cookie } })
    ).json()) as {
      summary: { dealers: number };
    };
    expect(mine.summary.dealers).toBe(1);
    const analyst = await h.signIn(account("analyst").email, account("analyst").password);
    const all = (await (
      await h.app.request("/api/dealer-twin", { headers: { cookie: analyst.cookie } })
    ).json()) as {
      summary: { dealers: number };
    };
    expect(all.summary.dealers).toBe(dealers.length);
    const runs = (await (
      await h.app.request("/api/dealer-twin/runs", { headers: { cookie: analyst.cookie } })
    ).json()) as {
      runs: { dealers: { updated: number } }[];
    };
    expect(runs.runs.at(-1)?.dealers.updated).toBe(dealers.length);
    expect(
      (await h.app.request("/api/dealer-twin/runs", { headers: { cookie: dealer.cookie } })).status,
    ).toBe(403);
  });
});
