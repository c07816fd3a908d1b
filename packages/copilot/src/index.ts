export { copilotCommands, copilotExplainCommand, copilotMoodCommand } from "./commands.js";
export type { CopilotMessage, CopilotOptions, CopilotReply } from "./copilot.js";
export { Copilot, fnv1a, messageId } from "./copilot.js";
export { dealerFacts, scoreFacts, twinFacts } from "./facts.js";
export type { CopilotFeedbackEvent, FeedbackBody } from "./feedback.js";
export { FeedbackLog, feedbackBodySchema, parseFeedbackBody } from "./feedback.js";
export type { ChatAdapter, ChatAdapterOptions } from "./llm.js";
export { chatAdapterFromEnv, completionsUrl, copilotEnvSchema, createChatAdapter } from "./llm.js";
export type { CopilotMood, KpiChange, MoodDerivation, MoodState } from "./mood.js";
export {
  COPILOT_MOODS,
  deriveMood,
  FULL_SCALE_CV,
  MOOD_KPIS,
  MOOD_RULE,
  moodFor,
  platformRows,
  TREND_WINDOW_DAYS,
  VARIANCE_WINDOW_DAYS,
} from "./mood.js";
export type { CopilotFacts, CopilotTone, DraftMessage, MessageTopic } from "./templates.js";
export { COPILOT_TONES, changeSentence, draftMessages, formatKpi } from "./templates.js";
export type { HistoryOptions, SentimentDay, ToneChoice, TonePoint } from "./tone.js";
export { loadEvents, selectTone, sentimentByDay, toneHistory } from "./tone.js";
