import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeGitHub } from "./__tests__/fake-github.js";
import { type Started, startServer } from "./__tests__/http.js";
import { type NotifyInput, notifyPerfResult, redact } from "./notify.js";

const TOKEN = "ghs_notify_secret_token";
let github: FakeGitHub;
let slack: Started;
let slackBodies: unknown[];

beforeEach(async () => {
  github = await new FakeGitHub(TOKEN).start();
  slackBodies = [];
  slack = await startServer((_req, body, res) => {
    slackBodies.push(JSON.parse(body));
    res.writeHead(200);
    res.end("ok");
  });
});

afterEach(async () => {
  await github.stop();
  await slack.close();
});

const input = (): NotifyInput => ({
  regressions: [{ key: "bundle:web:/", title: "Bundle regression: web /", body: "grew" }],
  summary: {
    title: "Hyper Performance Check",
    status: "regression",
    apps: [{ app: "web", totalBytes: 1000, deltaBytes: 100, deltaPercent: 10, regressions: 1 }],
    regressions: [{ key: "bundle:web:/", message: "web /: +100 B" }],
  },
  pullRequest: { number: 5, body: "report" },
});

describe("notifyPerfResult", () => {
  it("skips every channel when no credentials are set", async () => {
    const outcome = await notifyPerfResult(input(), { env: {} });
    expect([outcome.issues.status, outcome.pullRequest.status, outcome.slack.status]).toEqual([
      "skipped",
      "skipped",
      "skipped",
    ]);
  });

  it("files the issue, comments on the PR and links the issue from the Slack message", async () => {
    github.issues.push({
      number: 5,
      title: "PR",
      body: "",
      state: "open",
      labels: [],
      created_at: "2026-01-01T00:00:00Z",
      pull_request: { url: "u" },
    });
    const outcome = await notifyPerfResult(input(), {
      env: {
        github: { token: TOKEN, owner: "acme", repo: "web", apiUrl: github.url },
        slackWebhookUrl: `${slack.url}/hook`,
      },
    });
    expect(outcome.issues.status).toBe("sent");
    expect(outcome.issues.result?.created).toHaveLength(1);
    expect(outcome.pullRequest).toMatchObject({ status: "sent", result: { action: "created" } });
    expect(outcome.slack.status).toBe("sent");
    const issueUrl = outcome.issues.result?.created[0]?.url;
    expect(issueUrl).toMatch(/^https:\/\/github.com\/acme\/web\/issues\/\d+$/);
    expect(JSON.stringify(slackBodies[0])).toContain(`<${issueUrl}|web /`);
  });

  it("a failing GitHub does not stop Slack, and the token never appears in the outcome", async () => {
    const outcome = await notifyPerfResult(input(), {
      env: {
        github: { token: "wrong-token-value", owner: "acme", repo: "web", apiUrl: github.url },
        slackWebhookUrl: `${slack.url}/hook`,
      },
      github: { retries: 0 },
    });
    expect(outcome.issues.status).toBe("failed");
    expect(outcome.issues.reason).toContain("HTTP 401");
    expect(JSON.stringify(outcome)).not.toContain("wrong-token-value");
    expect(outcome.slack.status).toBe("sent");
  });

  it("reports an unreachable Slack as failed instead of throwing", async () => {
    await slack.close();
    const outcome = await notifyPerfResult(input(), {
      env: { slackWebhookUrl: `${slack.url}/hook` },
      slack: { retries: 0 },
    });
    expect(outcome.slack.status).toBe("failed");
    expect(outcome.slack.reason).not.toContain(slack.url);
  });
});

describe("redact", () => {
  it("removes every occurrence of each secret", () => {
    expect(redact("a SECRET b SECRET", ["SECRET"])).toBe("a *** b ***");
  });
});
