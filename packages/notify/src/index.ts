export type { NoticesFile } from "./commands.js";
export { notifyCommands, perfNotifyCommand, readNotices } from "./commands.js";
export type { NotifyEnv } from "./env.js";
export { loadNotifyEnv } from "./env.js";
export type { ClosedIssue, GitHubOptions, RegressionNotice, SyncResult } from "./github.js";
export {
  createOctokit,
  marker,
  readMarker,
  syncRegressionIssues,
  upsertPullRequestComment,
} from "./github.js";
export type { ChannelOutcome, NotifyInput, NotifyOptions, NotifyOutcome } from "./notify.js";
export { notifyPerfResult, redact } from "./notify.js";
export type { RetryPolicy } from "./retry.js";
export { retryDelay } from "./retry.js";
export type { PerfSummary, SlackMessage } from "./slack.js";
export { buildSlackMessage, escapeMrkdwn, sendSlackMessage } from "./slack.js";
