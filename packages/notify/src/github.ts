import { DaiError } from "@dai/core";
import { Octokit } from "@octokit/rest";
import { defaultSleep, type RetryPolicy, retryDelay } from "./retry.js";

/** One regression to track as one GitHub issue. `key` stays the same across builds. */
export interface RegressionNotice {
  key: string;
  title: string;
  /** Markdown. */
  body: string;
}

export interface GitHubOptions extends RetryPolicy {
  token: string;
  owner: string;
  repo: string;
  /** API root; GitHub Enterprise or a test server. Default https://api.github.com. */
  baseUrl?: string;
  /** The label every managed issue carries. Default `perf-regression`. */
  label?: string;
  /** Lists are paged by this size (GitHub's maximum is 100). */
  perPage?: number;
  /** Called with one line per retry; the token never appears in it. */
  onRetry?: (message: string) => void;
}

export interface ClosedIssue {
  number: number;
  key: string;
  openedAt: string;
  closedAt: string;
  /** Time from opening to closing: the seed's "regressions corrected in under 24 h". */
  hoursToCorrect: number;
}

export interface SyncResult {
  created: { number: number; key: string; url: string }[];
  updated: { number: number; key: string; url: string }[];
  closed: ClosedIssue[];
}

const MARKER_PREFIX = "dai-regression:";
const COMMENT_PREFIX = "dai-report:";

/** Hidden marker in an issue body; `-` and `>` are escaped so a key can never end the comment early. */
export function marker(prefix: string, key: string): string {
  return `<!-- ${prefix}${key.replace(/%/g, "%25").replace(/-/g, "%2D").replace(/>/g, "%3E")} -->`;
}

/** The key of the first marker with `prefix` in `body`, if any. */
export function readMarker(prefix: string, body: string | null | undefined): string | undefined {
  const match = new RegExp(`<!-- ${prefix}(\\S+) -->`).exec(body ?? "");
  if (!match?.[1]) return undefined;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return undefined;
  }
}

/**
 * An Octokit whose every request retries on 5xx, network errors, 429 and exhausted rate limits,
 * waiting as `Retry-After` / `x-ratelimit-reset` say (never longer than `maxWaitMs`).
 */
export function createOctokit(options: GitHubOptions): Octokit {
  const octokit = new Octokit({
    auth: options.token,
    baseUrl: options.baseUrl ?? "https://api.github.com",
    userAgent: "dai-notify",
    // Octokit logs deprecations with console.warn; route nothing that could echo request details.
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
  });
  const sleep = options.sleep ?? defaultSleep;
  const retries = options.retries ?? 3;
  octokit.hook.wrap("request", async (request, requestOptions) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await request(requestOptions);
      } catch (error) {
        const failure = error as { status?: number; response?: { headers?: Record<string, string> } };
        const wait = retryDelay(failure.status, failure.response?.headers, attempt, options);
        if (wait === undefined || attempt >= retries || wait > (options.maxWaitMs ?? 60_000)) throw error;
        options.onRetry?.(
          `GitHub ${requestOptions.method} ${requestOptions.url} → ${failure.status ?? "network error"}; retry ${attempt + 1}/${retries} in ${Math.round(wait)} ms`,
        );
        await sleep(wait);
      }
    }
  });
  return octokit;
}

/**
 * Keeps exactly one open issue per regression: finds the open issue by its hidden marker and label
 * and updates it, creates it when there is none, and closes the managed issues (whose key starts
 * with one of `scopes`; all when omitted) whose regression is gone, recording how long each stayed open.
 *
 * @example await syncRegressionIssues(regressions, { token, owner: "acme", repo: "web" }, { scopes: ["bundle:"] });
 */
export async function syncRegressionIssues(
  regressions: readonly RegressionNotice[],
  options: GitHubOptions,
  sync: { scopes?: readonly string[]; resolvedBy?: string; now?: () => Date } = {},
): Promise<SyncResult> {
  const keys = new Set<string>();
  for (const [index, regression] of regressions.entries()) {
    if (!regression.key || keys.has(regression.key)) {
      throw new DaiError(
        "invalid_regression",
        `regressions[${index}].key: missing or repeated ("${regression.key}")`,
        {
          field: `regressions[${index}].key`,
        },
      );
    }
    keys.add(regression.key);
  }
  const octokit = createOctokit(options);
  const { owner, repo } = options;
  const label = options.label ?? "perf-regression";
  const open = await octokit.paginate(octokit.rest.issues.listForRepo, {
    owner,
    repo,
    state: "open",
    labels: label,
    per_page: options.perPage ?? 100,
  });
  const byKey = new Map<string, (typeof open)[number]>();
  for (const issue of open) {
    if (issue.pull_request) continue;
    const key = readMarker(MARKER_PREFIX, issue.body);
    // The oldest open issue of a key wins; later duplicates (made by hand) are left alone.
    if (key && (!byKey.has(key) || (byKey.get(key)?.number ?? 0) > issue.number)) byKey.set(key, issue);
  }
  const result: SyncResult = { created: [], updated: [], closed: [] };
  for (const regression of regressions) {
    const body = `${marker(MARKER_PREFIX, regression.key)}\n${regression.body}`;
    const existing = byKey.get(regression.key);
    if (existing) {
      const { data } = await octokit.rest.issues.update({
        owner,
        repo,
        issue_number: existing.number,
        title: regression.title,
        body,
      });
      result.updated.push({ number: data.number, key: regression.key, url: data.html_url });
    } else {
      const { data } = await octokit.rest.issues.create({
        owner,
        repo,
        title: regression.title,
        body,
        labels: [label],
      });
      result.created.push({ number: data.number, key: regression.key, url: data.html_url });
    }
  }
  const now = sync.now ?? (() => new Date());
  for (const [key, issue] of byKey) {
    if (keys.has(key)) continue;
    if (sync.scopes && !sync.scopes.some((scope) => key.startsWith(scope))) continue;
    const closedAt = now();
    const hours = (closedAt.getTime() - Date.parse(issue.created_at)) / 3_600_000;
    await octokit.rest.issues.createComment({
      owner,
      repo,
      issue_number: issue.number,
      body: `Resolved${sync.resolvedBy ? ` in ${sync.resolvedBy}` : ""}: the regression is gone. Open for ${hours.toFixed(1)} h.`,
    });
    await octokit.rest.issues.update({
      owner,
      repo,
      issue_number: issue.number,
      state: "closed",
      state_reason: "completed",
    });
    result.closed.push({
      number: issue.number,
      key,
      openedAt: issue.created_at,
      closedAt: closedAt.toISOString(),
      hoursToCorrect: Math.round(hours * 100) / 100,
    });
  }
  return result;
}

/**
 * Creates or updates one comment on a pull request, found again by its hidden marker, so each push
 * to the PR edits the same report instead of adding another.
 *
 * @example await upsertPullRequestComment(42, markdown, { token, owner, repo });
 */
export async function upsertPullRequestComment(
  pullNumber: number,
  body: string,
  options: GitHubOptions,
  key = "bundle-report",
): Promise<{ action: "created" | "updated"; id: number; url: string }> {
  if (!Number.isInteger(pullNumber) || pullNumber < 1) {
    throw new DaiError("invalid_option", `pullNumber: expected a positive integer, got ${pullNumber}`, {
      field: "pullNumber",
    });
  }
  const octokit = createOctokit(options);
  const { owner, repo } = options;
  const comments = await octokit.paginate(octokit.rest.issues.listComments, {
    owner,
    repo,
    issue_number: pullNumber,
    per_page: options.perPage ?? 100,
  });
  const text = `${marker(COMMENT_PREFIX, key)}\n${body}`;
  const existing = comments.find((comment) => readMarker(COMMENT_PREFIX, comment.body) === key);
  if (existing) {
    const { data } = await octokit.rest.issues.updateComment({
      owner,
      repo,
      comment_id: existing.id,
      body: text,
    });
    return { action: "updated", id: data.id, url: data.html_url };
  }
  const { data } = await octokit.rest.issues.createComment({
    owner,
    repo,
    issue_number: pullNumber,
    body: text,
  });
  return { action: "created", id: data.id, url: data.html_url };
}
