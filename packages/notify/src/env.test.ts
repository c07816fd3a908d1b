import { DaiError } from "@dai/core";
import { describe, expect, it } from "vitest";
import { loadNotifyEnv } from "./env.js";

describe("loadNotifyEnv", () => {
  it("turns each channel on only when its variables are set", () => {
    expect(loadNotifyEnv({})).toEqual({});
    expect(
      loadNotifyEnv({
        GITHUB_TOKEN: "t0ken",
        GITHUB_REPOSITORY: "acme/web",
        GITHUB_API_URL: "https://ghe.example/api/v3/",
      }),
    ).toEqual({
      github: { token: "t0ken", owner: "acme", repo: "web", apiUrl: "https://ghe.example/api/v3" },
    });
    expect(
      loadNotifyEnv({
        SLACK_WEBHOOK_URL: "https://hooks.slack.com/services/T/B/X",
        GITHUB_REPOSITORY: "acme/web",
      }),
    ).toEqual({
      slackWebhookUrl: "https://hooks.slack.com/services/T/B/X",
    });
  });

  it("names every bad variable and never shows a secret value", () => {
    let error: unknown;
    try {
      loadNotifyEnv({
        GITHUB_TOKEN: "ghp_supersecret",
        GITHUB_REPOSITORY: "not a repo",
        SLACK_WEBHOOK_URL: "hooks.slack.com/secretpath",
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DaiError);
    const message = (error as DaiError).message;
    expect(message).toContain("GITHUB_REPOSITORY");
    expect(message).toContain("SLACK_WEBHOOK_URL");
    expect(message).not.toContain("ghp_supersecret");
    expect(message).not.toContain("secretpath");
  });

  it("requires the repository when a token is given", () => {
    expect(() => loadNotifyEnv({ GITHUB_TOKEN: "x" })).toThrow(/GITHUB_REPOSITORY: required/);
  });
});
