import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeGitHub } from "./__tests__/fake-github.js";
import {
  type GitHubOptions,
  marker,
  readMarker,
  syncRegressionIssues,
  upsertPullRequestComment,
} from "./github.js";

const TOKEN = "ghs_test_token_value_1234";
let github: FakeGitHub;
let sleeps: number[];
let options: GitHubOptions;

beforeEach(async () => {
  github = await new FakeGitHub(TOKEN).start();
  sleeps = [];
  options = {
    token: TOKEN,
    owner: "acme",
    repo: "web",
    baseUrl: github.url,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    now: () => Date.parse("2026-01-01T00:00:00Z"),
  };
});

afterEach(async () => {
  await github.stop();
});

const regression = (key: string, size = 10) => ({
  key,
  title: `Bundle regression: ${key}`,
  body: `grew by ${size} kB`,
});

describe("syncRegressionIssues", () => {
  it("opens one labelled, marked issue per regression and updates it on the next run instead of duplicating", async () => {
    const first = await syncRegressionIssues(
      [regression("bundle:web:/"), regression("bundle:web:/a")],
      options,
    );
    expect(first.created.map((c) => c.key)).toEqual(["bundle:web:/", "bundle:web:/a"]);
    expect(github.issues.every((i) => i.labels.some((l) => l.name === "perf-regression"))).toBe(true);
    expect(readMarker("dai-regression:", github.issues[0]?.body)).toBe("bundle:web:/");

    const second = await syncRegressionIssues(
      [regression("bundle:web:/", 20), regression("bundle:web:/a", 30)],
      options,
    );
    expect(second.created).toEqual([]);
    expect(second.updated.map((u) => u.number)).toEqual(first.created.map((c) => c.number));
    expect(github.issues).toHaveLength(2);
    expect(github.issues[0]?.body).toContain("grew by 20 kB");
  });

  it("closes an issue whose regression is gone, with a comment and the time it took to correct", async () => {
    await syncRegressionIssues([regression("bundle:web:/"), regression("bundle:web:/a")], options);
    const result = await syncRegressionIssues([regression("bundle:web:/a")], options, {
      resolvedBy: "abc123",
      now: () => new Date("2026-01-01T18:30:00Z"),
    });
    expect(result.closed).toEqual([
      expect.objectContaining({
        key: "bundle:web:/",
        hoursToCorrect: 18.5,
        closedAt: "2026-01-01T18:30:00.000Z",
      }),
    ]);
    const closed = github.issues.find((i) => i.number === result.closed[0]?.number);
    expect(closed).toMatchObject({ state: "closed", state_reason: "completed" });
    expect(github.comments[0]?.body).toContain("abc123");
    expect(github.comments[0]?.body).toContain("18.5 h");
  });

  it("leaves issues of another scope, unmarked issues, pull requests and closed issues alone", async () => {
    github.issues.push(
      {
        number: 1,
        title: "manual",
        body: "no marker",
        state: "open",
        labels: [{ name: "perf-regression" }],
        created_at: "2025-12-01T00:00:00Z",
      },
      {
        number: 2,
        title: "lh",
        body: marker("dai-regression:", "lighthouse:/"),
        state: "open",
        labels: [{ name: "perf-regression" }],
        created_at: "2025-12-01T00:00:00Z",
      },
      {
        number: 3,
        title: "pr",
        body: marker("dai-regression:", "bundle:web:/x"),
        state: "open",
        labels: [{ name: "perf-regression" }],
        created_at: "2025-12-01T00:00:00Z",
        pull_request: { url: "u" },
      },
      {
        number: 4,
        title: "old",
        body: marker("dai-regression:", "bundle:web:/"),
        state: "closed",
        labels: [{ name: "perf-regression" }],
        created_at: "2025-12-01T00:00:00Z",
      },
    );
    const result = await syncRegressionIssues([regression("bundle:web:/")], options, { scopes: ["bundle:"] });
    expect(result.created.map((c) => c.key)).toEqual(["bundle:web:/"]);
    expect(result.closed).toEqual([]);
    expect(github.issues.filter((i) => i.state === "open").map((i) => i.number)).toEqual([1, 2, 3, 5]);
  });

  it("pages through every open issue to find the marked one", async () => {
    for (let n = 1; n <= 250; n++) {
      github.issues.push({
        number: n,
        title: `i${n}`,
        body: n === 3 ? marker("dai-regression:", "bundle:web:/") : "",
        state: "open",
        labels: [{ name: "perf-regression" }],
        created_at: "2025-12-01T00:00:00Z",
      });
    }
    const result = await syncRegressionIssues([regression("bundle:web:/")], options);
    expect(result.updated.map((u) => u.number)).toEqual([3]);
    expect(github.requests.filter((r) => r.method === "GET")).toHaveLength(3);
  });

  it("rejects repeated keys by index", async () => {
    await expect(syncRegressionIssues([regression("k"), regression("k")], options)).rejects.toThrow(
      /regressions\[1\]\.key/,
    );
  });
});

describe("retries and rate limits", () => {
  it("waits until x-ratelimit-reset when the rate limit is exhausted, then succeeds", async () => {
    const reset = Date.parse("2026-01-01T00:00:30Z") / 1000;
    github.failures.push({
      status: 403,
      headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(reset) },
      body: { message: "API rate limit exceeded" },
    });
    const result = await syncRegressionIssues([regression("k")], options);
    expect(result.created).toHaveLength(1);
    expect(sleeps).toEqual([31_000]);
  });

  it("honours Retry-After on 429 and secondary limits, backs off exponentially on 5xx", async () => {
    github.failures.push(
      { status: 429, headers: { "retry-after": "3" } },
      {
        status: 403,
        headers: { "retry-after": "2" },
        body: { message: "You have exceeded a secondary rate limit" },
      },
      { status: 502 },
    );
    await syncRegressionIssues([regression("k")], options);
    expect(sleeps).toEqual([3000, 2000, 4000]);
  });

  it("does not retry a plain 4xx, and gives up when the reset is further away than maxWaitMs", async () => {
    github.failures.push({ status: 404, body: { message: "Not Found" } });
    await expect(syncRegressionIssues([regression("k")], options)).rejects.toMatchObject({ status: 404 });
    github.failures.push({ status: 429, headers: { "retry-after": "3600" } });
    await expect(syncRegressionIssues([regression("k")], options)).rejects.toMatchObject({ status: 429 });
    expect(sleeps).toEqual([]);
  });

  it("stops after the configured number of retries", async () => {
    github.failures.push({ status: 503 }, { status: 503 }, { status: 503 });
    await expect(syncRegressionIssues([regression("k")], { ...options, retries: 2 })).rejects.toMatchObject({
      status: 503,
    });
    expect(sleeps).toHaveLength(2);
  });
});

describe("upsertPullRequestComment", () => {
  it("creates the report comment once and edits it on later pushes", async () => {
    github.issues.push({
      number: 7,
      title: "PR",
      body: "",
      state: "open",
      labels: [],
      created_at: "2026-01-01T00:00:00Z",
      pull_request: { url: "u" },
    });
    const first = await upsertPullRequestComment(7, "report v1", options);
    const second = await upsertPullRequestComment(7, "report v2", options);
    expect([first.action, second.action]).toEqual(["created", "updated"]);
    expect(second.id).toBe(first.id);
    expect(github.comments).toHaveLength(1);
    expect(github.comments[0]?.body).toContain("report v2");
  });
});

describe("markers", () => {
  it("round-trips keys that contain comment terminators", () => {
    const key = "bundle:web:/a-->b%c";
    const text = `${marker("dai-regression:", key)}\nbody`;
    expect(text.indexOf("-->")).toBe(text.lastIndexOf("-->"));
    expect(readMarker("dai-regression:", text)).toBe(key);
  });
});
