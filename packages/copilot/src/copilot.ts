import { existsSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { DaiError, type Logger, mulberry32, silentLogger } from "@dai/core";
import { type DealerTwin, readDealerTwin, TWIN_FILES } from "@dai/dealer-twin";
import { DEMO_FILES, type Dealer, type KpiRow } from "@dai/demo-data";
import { type Manifest, successMetric, toneFloor } from "@dai/manifest-schema";
import {
  FEEDBACK_FILE,
  MOOD_REPORT_FILE,
  type MoodReport,
  readPreviousWeights,
  TONE_WEIGHTS_FILE,
  type ToneWeightsFile,
} from "@dai/tone-trainer";
import { dealerFacts } from "./facts.js";
import { type CopilotFeedbackEvent, FeedbackLog, parseFeedbackBody } from "./feedback.js";
import type { ChatAdapter } from "./llm.js";
import { type CopilotMood, deriveMood, type MoodDerivation, type MoodState } from "./mood.js";
import { type CopilotTone, draftMessages, type MessageTopic } from "./templates.js";
import {
  loadEvents,
  type SentimentDay,
  selectTone,
  sentimentByDay,
  type ToneChoice,
  type TonePoint,
  toneHistory,
} from "./tone.js";

/** One message the Copilot shows, with what a thumbs up/down needs. */
export interface CopilotMessage {
  readonly id: string;
  readonly dealerId: string;
  readonly topic: MessageTopic;
  readonly kpi: string;
  readonly tone: CopilotTone;
  readonly mood: CopilotMood;
  readonly text: string;
}

export interface CopilotReply {
  readonly dealerId: string;
  readonly dealerName: string;
  readonly asOf: string | null;
  readonly generatedAt: string;
  readonly tone: ToneChoice;
  readonly mood: MoodDerivation;
  readonly generator: { kind: "template" | "model"; model?: string; fallback?: string };
  readonly messages: readonly CopilotMessage[];
}

export interface CopilotOptions {
  readonly dataDir: string;
  readonly manifest: Manifest;
  /** The optional model; the template generator answers when it is absent or fails. */
  readonly chat?: ChatAdapter;
  readonly logger?: Logger;
  readonly now?: () => Date;
}

/** 32-bit FNV-1a. */
export function fnv1a(text: string, seed = 0x811c9dc5): number {
  let hash = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** A message id: stable for the same dealer, day of data, tone, mood and subject. */
export function messageId(parts: readonly string[]): string {
  const text = parts.join("|");
  const hex = (n: number) => n.toString(16).padStart(8, "0");
  return `cm-${hex(fnv1a(text))}${hex(fnv1a(text, 0x9747b28c))}`;
}

/**
 * The Copilot: for a dealer, what changed (KPIs, AI Visibility score, twin forecast) in the tone the
 * feedback favours and the mood the KPI trend sets; thumbs up/down stored as Copilot events; the tone
 * weights and the mood report for the meta dashboards. One instance per process; files are re-read when
 * they change.
 */
export class Copilot {
  readonly feedback: FeedbackLog;
  readonly #options: CopilotOptions;
  readonly #logger: Logger;
  readonly #floor: number;
  #weights: { mtimeMs: number; file: ToneWeightsFile | undefined } | undefined;
  #history: { key: string; value: Promise<ToneOverviewHistory> } | undefined;

  constructor(options: CopilotOptions) {
    this.#options = options;
    this.#logger = options.logger ?? silentLogger;
    this.#floor = toneFloor(options.manifest);
    this.feedback = new FeedbackLog(options.dataDir);
  }

  get usesModel(): boolean {
    return this.#options.chat !== undefined;
  }

  #now(): Date {
    return this.#options.now?.() ?? new Date();
  }

  /** The tone weights file, re-read when `dai train-tone` replaces it; undefined before its first run. */
  async toneWeights(): Promise<ToneWeightsFile | undefined> {
    const path = join(this.#options.dataDir, TONE_WEIGHTS_FILE);
    if (!existsSync(path)) return undefined;
    const { mtimeMs } = await stat(path);
    if (this.#weights?.mtimeMs !== mtimeMs)
      this.#weights = { mtimeMs, file: await readPreviousWeights(path) };
    return this.#weights.file;
  }

  async #twin(dealerId: string): Promise<DealerTwin | undefined> {
    if (!existsSync(join(this.#options.dataDir, TWIN_FILES.twins))) return undefined;
    try {
      return await readDealerTwin(this.#options.dataDir, dealerId);
    } catch (error) {
      this.#logger.warn("copilot: twin unreadable", { dealerId, error });
      return undefined;
    }
  }

  /** The mood of a KPI series (a dealer's, or `platformRows(...)`), as the soundscape reads it. */
  mood(rows: readonly KpiRow[]): MoodState & Pick<MoodDerivation, "trend" | "asOf" | "why"> {
    const { mood, kpiVariance, derivedAt, trend, asOf, why } = deriveMood(rows, this.#now());
    return { mood, kpiVariance, derivedAt, trend, asOf, why };
  }

  /**
   * What changed for a dealer, in the chosen tone and mood. Deterministic for a dealer and day of data
   * (same tone, same texts, same message ids), so a reload shows the same messages and a rating can be
   * checked against them. `useModel: false` skips the model (used to verify a rating).
   */
  async reply(
    dealer: Dealer,
    rows: readonly KpiRow[],
    options: { useModel?: boolean } = {},
  ): Promise<CopilotReply> {
    const mood = deriveMood(rows, this.#now());
    const facts = dealerFacts(dealer, rows, mood, await this.#twin(dealer.id));
    const seed = fnv1a(`${dealer.id}|${mood.asOf ?? "none"}`);
    const tone = selectTone(await this.toneWeights(), dealer.segment, this.#floor, mulberry32(seed));
    const drafts = draftMessages(facts, tone.tone, mood.mood, seed);
    let texts = drafts.map((d) => d.text);
    let generator: CopilotReply["generator"] = { kind: "template" };
    const chat = this.#options.chat;
    if (chat && options.useModel !== false) {
      try {
        texts = await chat.rewrite(drafts, { facts, tone: tone.tone, mood: mood.mood });
        generator = { kind: "model", model: chat.model };
      } catch (error) {
        const reason = (error as Error).message;
        this.#logger.warn("copilot: model failed, using the templates", { reason });
        generator = { kind: "template", model: chat.model, fallback: reason };
      }
    }
    const messages = drafts.map((draft, index) => ({
      id: messageId([dealer.id, mood.asOf ?? "none", tone.tone, mood.mood, draft.topic, draft.kpi]),
      dealerId: dealer.id,
      topic: draft.topic,
      kpi: draft.kpi,
      tone: tone.tone,
      mood: mood.mood,
      text: texts[index] as string,
    }));
    return {
      dealerId: dealer.id,
      dealerName: dealer.name,
      asOf: mood.asOf,
      generatedAt: this.#now().toISOString(),
      tone,
      mood,
      generator,
      messages,
    };
  }

  /**
   * Stores a thumbs up/down. The body names the message; its tone, mood and KPI are taken from the
   * message as the Copilot shows it now (a client cannot claim another tone). Unknown message: 404.
   */
  async rate(
    body: unknown,
    user: { userId: string },
    lookUp: (dealerId: string) => Promise<{ dealer: Dealer; rows: readonly KpiRow[] } | undefined>,
  ): Promise<{ event: CopilotFeedbackEvent; message: CopilotMessage }> {
    const input = parseFeedbackBody(body);
    const found = await lookUp(input.dealerId);
    if (!found)
      throw new DaiError("not_found", `no dealer "${input.dealerId}"`, { status: 404, field: "dealerId" });
    const reply = await this.reply(found.dealer, found.rows, { useModel: false });
    const message = reply.messages.find((m) => m.id === input.messageId);
    if (!message) {
      throw new DaiError(
        "not_found",
        `messageId: no current Copilot message ${input.messageId} for dealer ${input.dealerId} (the data may have moved on: reload)`,
        { status: 404, field: "messageId" },
      );
    }
    const event = await this.feedback.append({
      dealerId: message.dealerId,
      userId: user.userId,
      timestamp: this.#now().toISOString(),
      tone: message.tone,
      mood: message.mood,
      kpi: message.kpi,
      feedback: input.feedback,
      messageId: message.id,
    });
    return { event, message };
  }

  #eventPaths(): string[] {
    const { dataDir } = this.#options;
    return [join(dataDir, DEMO_FILES.copilotEvents), join(dataDir, FEEDBACK_FILE)].filter((p) =>
      existsSync(p),
    );
  }

  async #historyKey(): Promise<string> {
    const parts = await Promise.all(
      this.#eventPaths().map(async (p) => `${p}:${(await stat(p)).mtimeMs}:${(await stat(p)).size}`),
    );
    return parts.join("|");
  }

  /** Events → weights over time (weekly replay) and daily sentiment, cached until an events file changes. */
  async #historyData(): Promise<ToneOverviewHistory> {
    const key = await this.#historyKey();
    if (this.#history?.key !== key) {
      const value = (async () => {
        const events = await loadEvents(this.#eventPaths());
        const clusters = await this.#clusters();
        const manifest = this.#options.manifest;
        const points = await toneHistory(events, {
          floor: this.#floor,
          halfLifeDays: manifest.scripts.trainToneModel.algorithm?.halfLifeDays,
          clusterOf: (id) => clusters.get(id),
        });
        return { points, sentiment: sentimentByDay(events, 90), events: events.length };
      })();
      this.#history = { key, value };
      value.catch(() => {
        if (this.#history?.value === value) this.#history = undefined;
      });
    }
    return (this.#history as { value: Promise<ToneOverviewHistory> }).value;
  }

  async #clusters(): Promise<Map<string, string>> {
    const path = join(this.#options.dataDir, DEMO_FILES.dealers);
    if (!existsSync(path)) return new Map();
    const dealers = JSON.parse(await readFile(path, "utf8")) as Dealer[];
    return new Map(dealers.map((d) => [d.id, d.segment]));
  }

  /** For the tone meta page: the current weights file and the weights replayed week by week. */
  async toneOverview(): Promise<{
    file: ToneWeightsFile | null;
    history: readonly TonePoint[];
    events: number;
  }> {
    const [file, history] = await Promise.all([this.toneWeights(), this.#historyData()]);
    return { file: file ?? null, history: history.points, events: history.events };
  }

  /** For the mood meta page: the mood report `dai mood` writes, daily sentiment and the manifest's target. */
  async moodOverview(): Promise<{
    report: MoodReport | null;
    target: { id: string; target: number; label: string };
    sentiment: readonly SentimentDay[];
  }> {
    const metric = successMetric(this.#options.manifest, "copilot-positive-sentiment");
    const path = join(this.#options.dataDir, MOOD_REPORT_FILE);
    let report: MoodReport | null = null;
    if (existsSync(path)) {
      try {
        report = JSON.parse(await readFile(path, "utf8")) as MoodReport;
      } catch (error) {
        throw new DaiError("invalid_data", `${path}: not valid JSON (rerun \`dai mood\`)`, {
          status: 500,
          cause: error,
        });
      }
    }
    const history = await this.#historyData();
    return {
      report,
      target: { id: metric.id, target: metric.target, label: metric.targetLabel },
      sentiment: history.sentiment,
    };
  }
}

interface ToneOverviewHistory {
  points: TonePoint[];
  sentiment: SentimentDay[];
  events: number;
}
