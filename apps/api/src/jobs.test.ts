import { describe, expect, it } from "vitest";
import { account, cookieHeader, csrfFor, harness, WEB_ORIGIN } from "./__tests__/harness.js";

describe("jobs routes", () => {
  it("lists every job with its manifest schedule and next run, and runs one for an admin", async () => {
    const h = await harness();
    const admin = await h.signIn(account("admin").email, account("admin").password);
    const list = await h.app.request("/api/jobs", { headers: { cookie: admin.cookie } });
    const { jobs } = (await list.json()) as {
      jobs: { name: string; schedule: { cron: string }; nextRun: string; runs: number }[];
    };
    expect(jobs.find((j) => j.name === "benchmark-refresh")).toMatchObject({
      schedule: { cron: "0 4 * * 1" },
      runs: 0,
    });
    const { token, jar } = await csrfFor(h.app, admin.jar);
    const started = await h.app.request("/api/jobs/benchmark-refresh/run", {
      method: "POST",
      headers: { cookie: cookieHeader(jar), origin: WEB_ORIGIN, "x-csrf-token": token },
    });
    expect(started.status).toBe(202);
    await expect
      .poll(async () => {
        const response = await h.app.request("/api/jobs", { headers: { cookie: admin.cookie } });
        const after = (await response.json()) as {
          jobs: { name: string; recentRuns: { outcome: string }[] }[];
        };
        return after.jobs.find((j) => j.name === "benchmark-refresh")?.recentRuns[0]?.outcome;
      })
      .toBe("success");
    const unknown = await h.app.request("/api/jobs/nope/run", {
      method: "POST",
      headers: { cookie: cookieHeader(jar), origin: WEB_ORIGIN, "x-csrf-token": token },
    });
    expect(unknown.status).toBe(404);
  });
});
