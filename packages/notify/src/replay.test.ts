import { afterEach, describe, expect, it } from "vitest";
import { loadScenario, startReplay } from "./__tests__/replay.js";
import { syncRegressionIssues } from "./github.js";

// The token the @octokit/fixtures recordings were made with (a placeholder, not a secret).
const FIXTURE_TOKEN = "0000000000000000000000000000000000000001";
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

describe("against recorded GitHub traffic (@octokit/fixtures)", () => {
  it("pages through the recorded issue list (paginate-issues) following its Link headers", async () => {
    const replay = await startReplay(loadScenario("api.github.com/paginate-issues"));
    closers.push(replay.close);
    const result = await syncRegressionIssues([], {
      token: FIXTURE_TOKEN,
      owner: "octokit-fixture-org",
      repo: "paginate-issues",
      baseUrl: replay.url,
      perPage: 3,
    });
    expect(replay.misses).toEqual([]);
    expect(replay.pending()).toEqual([]);
    expect(result).toEqual({ created: [], updated: [], closed: [] });
  });

  it("creates an issue through the recorded create-issue call and returns the recorded number and URL", async () => {
    const [createIssue] = loadScenario("api.github.com/add-labels-to-issue");
    // The scenario recorded no issue lookup before creating; answer it with an empty list.
    const replay = await startReplay([createIssue as never], (method, path) =>
      method === "get" && path === "/repos/octokit-fixture-org/add-labels-to-issue/issues"
        ? { status: 200, body: [] }
        : undefined,
    );
    closers.push(replay.close);
    const result = await syncRegressionIssues(
      [{ key: "bundle:web:/", title: "Issue without a label", body: "grew" }],
      {
        token: FIXTURE_TOKEN,
        owner: "octokit-fixture-org",
        repo: "add-labels-to-issue",
        baseUrl: replay.url,
      },
    );
    expect(replay.misses).toEqual([]);
    expect(replay.pending()).toEqual([]);
    expect(result.created).toEqual([
      {
        number: 1,
        key: "bundle:web:/",
        url: "https://github.com/octokit-fixture-org/add-labels-to-issue/issues/1",
      },
    ]);
    expect(replay.bodies[0]).toMatchObject({ title: "Issue without a label", labels: ["perf-regression"] });
  });
});
