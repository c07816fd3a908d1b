import { type Started, sendJson, startServer } from "./http.js";

export interface FakeIssue {
  number: number;
  title: string;
  body: string;
  state: "open" | "closed";
  state_reason?: string | null;
  labels: { name: string }[];
  created_at: string;
  closed_at?: string | null;
  pull_request?: { url: string };
}

export interface FakeComment {
  id: number;
  issue: number;
  body: string;
}

export interface Injected {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/**
 * A stateful stand-in for the GitHub REST API's issue endpoints, speaking its wire format: JSON
 * bodies, `Link` pagination, `token` auth, GitHub error documents. Failures can be queued.
 */
export class FakeGitHub {
  issues: FakeIssue[] = [];
  comments: FakeComment[] = [];
  requests: { method: string; path: string }[] = [];
  failures: Injected[] = [];
  clock = () => new Date("2026-01-01T00:00:00Z");
  private server?: Started;

  constructor(
    readonly token: string,
    readonly repo = "acme/web",
  ) {}

  get url(): string {
    return this.server?.url ?? "";
  }

  async start(): Promise<this> {
    this.server = await startServer((req, body, res) => {
      const url = new URL(req.url ?? "/", this.url);
      this.requests.push({ method: req.method ?? "GET", path: `${url.pathname}${url.search}` });
      const failure = this.failures.shift();
      if (failure)
        return sendJson(res, failure.status, failure.body ?? { message: "injected" }, failure.headers);
      if (req.headers.authorization !== `token ${this.token}`) {
        return sendJson(res, 401, {
          message: "Bad credentials",
          documentation_url: "https://docs.github.com/rest",
        });
      }
      const input = body ? (JSON.parse(body) as Record<string, unknown>) : {};
      const base = `/repos/${this.repo}`;
      const path = url.pathname;
      const issueMatch = new RegExp(`^${base}/issues/(\\d+)$`).exec(path);
      const commentsMatch = new RegExp(`^${base}/issues/(\\d+)/comments$`).exec(path);
      const commentMatch = new RegExp(`^${base}/issues/comments/(\\d+)$`).exec(path);
      if (path === `${base}/issues` && req.method === "GET") {
        const state = url.searchParams.get("state") ?? "open";
        const labels = (url.searchParams.get("labels") ?? "").split(",").filter(Boolean);
        const list = this.issues
          .filter((i) => state === "all" || i.state === state)
          .filter((i) => labels.every((l) => i.labels.some((x) => x.name === l)))
          .sort((a, b) => b.number - a.number);
        return this.page(
          res,
          url,
          list.map((i) => this.render(i)),
        );
      }
      if (path === `${base}/issues` && req.method === "POST") {
        const issue: FakeIssue = {
          number: this.issues.length + this.comments.length + 1,
          title: String(input.title),
          body: String(input.body ?? ""),
          state: "open",
          labels: ((input.labels as string[]) ?? []).map((name) => ({ name })),
          created_at: this.clock().toISOString(),
        };
        this.issues.push(issue);
        return sendJson(res, 201, this.render(issue), {
          location: `${this.url}${base}/issues/${issue.number}`,
        });
      }
      if (issueMatch && req.method === "PATCH") {
        const issue = this.issues.find((i) => i.number === Number(issueMatch[1]));
        if (!issue) return sendJson(res, 404, { message: "Not Found" });
        if (typeof input.title === "string") issue.title = input.title;
        if (typeof input.body === "string") issue.body = input.body;
        if (input.state === "closed") {
          issue.state = "closed";
          issue.state_reason = (input.state_reason as string) ?? null;
          issue.closed_at = this.clock().toISOString();
        }
        return sendJson(res, 200, this.render(issue));
      }
      if (commentsMatch && req.method === "GET") {
        const list = this.comments.filter((c) => c.issue === Number(commentsMatch[1]));
        return this.page(
          res,
          url,
          list.map((c) => this.renderComment(c)),
        );
      }
      if (commentsMatch && req.method === "POST") {
        const comment = {
          id: 1000 + this.comments.length,
          issue: Number(commentsMatch[1]),
          body: String(input.body),
        };
        this.comments.push(comment);
        return sendJson(res, 201, this.renderComment(comment));
      }
      if (commentMatch && req.method === "PATCH") {
        const comment = this.comments.find((c) => c.id === Number(commentMatch[1]));
        if (!comment) return sendJson(res, 404, { message: "Not Found" });
        comment.body = String(input.body);
        return sendJson(res, 200, this.renderComment(comment));
      }
      return sendJson(res, 404, { message: "Not Found", documentation_url: "https://docs.github.com/rest" });
    });
    return this;
  }

  async stop(): Promise<void> {
    await this.server?.close();
  }

  private page(res: Parameters<typeof sendJson>[0], url: URL, items: unknown[]): void {
    const perPage = Number(url.searchParams.get("per_page") ?? 30);
    const page = Number(url.searchParams.get("page") ?? 1);
    const last = Math.max(1, Math.ceil(items.length / perPage));
    const headers: Record<string, string> = {
      "x-ratelimit-remaining": "4999",
      "x-ratelimit-reset": "1767225600",
    };
    if (page < last) {
      const next = new URL(url.toString());
      next.searchParams.set("page", String(page + 1));
      const lastUrl = new URL(url.toString());
      lastUrl.searchParams.set("page", String(last));
      headers.link = `<${next}>; rel="next", <${lastUrl}>; rel="last"`;
    }
    sendJson(res, 200, items.slice((page - 1) * perPage, page * perPage), headers);
  }

  private render(issue: FakeIssue): Record<string, unknown> {
    return {
      ...issue,
      id: issue.number * 10,
      url: `${this.url}/repos/${this.repo}/issues/${issue.number}`,
      html_url: `https://github.com/${this.repo}/issues/${issue.number}`,
    };
  }

  private renderComment(comment: FakeComment): Record<string, unknown> {
    return {
      id: comment.id,
      body: comment.body,
      html_url: `https://github.com/${this.repo}/issues/${comment.issue}#issuecomment-${comment.id}`,
    };
  }
}
