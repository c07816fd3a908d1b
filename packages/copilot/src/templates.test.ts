import { describe, expect, it } from "vitest";
import { rows } from "./__tests__/rows.js";
import { COPILOT_MOODS, deriveMood } from "./mood.js";
import { COPILOT_TONES, type CopilotFacts, draftMessages } from "./templates.js";

const mood = deriveMood(rows(60, 0.004, 0.05));
const full: CopilotFacts = {
  dealerId: "dlr-001",
  dealerName: "Harbor Toyota",
  asOf: mood.asOf,
  trend: mood.trend,
  changes: mood.changes,
  score: { value: 61.4, delta7: -1.2 },
  twin: { leadsNext7: 143.6, leadsLast7: 139, deviationPct: 4.2, anomalies: 2 },
};
const bare: CopilotFacts = {
  dealerId: "dlr-002",
  dealerName: "",
  asOf: null,
  trend: null,
  changes: deriveMood(rows(5, 0)).changes,
};
const variants: CopilotFacts[] = [
  full,
  bare,
  { ...full, score: { value: 70, delta7: null } },
  { ...full, twin: { leadsNext7: null, leadsLast7: null, deviationPct: null, anomalies: 0 } },
  { ...full, twin: { leadsNext7: 10, leadsLast7: null, deviationPct: null, anomalies: 1 } },
  { ...full, changes: deriveMood(rows(60, -0.012)).changes, trend: -0.08 },
  { ...full, changes: deriveMood(rows(60, 0)).changes, trend: 0 },
];

describe("the template generator", () => {
  it("gives every tone × mood pair its own text for the same facts and seed", () => {
    const texts = new Set<string>();
    for (const tone of COPILOT_TONES) {
      for (const m of COPILOT_MOODS) texts.add(draftMessages(full, tone, m, 7)[0]?.text as string);
    }
    expect(texts.size).toBe(COPILOT_TONES.length * COPILOT_MOODS.length);
  });

  it("writes the KPI, score and forecast sentences differently in each tone", () => {
    for (const index of [1, 2, 3, 4]) {
      const texts = new Set(COPILOT_TONES.map((tone) => draftMessages(full, tone, "calm", 3)[index]?.text));
      expect(texts.size).toBe(COPILOT_TONES.length);
    }
  });

  it("never produces an empty text or a missing value, over every tone, mood, seed and shape of facts", () => {
    let checked = 0;
    for (const facts of variants) {
      for (const tone of COPILOT_TONES) {
        for (const m of COPILOT_MOODS) {
          for (let seed = 0; seed < 8; seed++) {
            for (const message of draftMessages(facts, tone, m, seed)) {
              expect(message.text.trim().length).toBeGreaterThan(10);
              expect(message.text).not.toMatch(/undefined|NaN|null|\{|\}|Infinity|\s{2}/);
              checked++;
            }
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(3000);
  });

  it("is deterministic for a seed, and says what changed: the two biggest KPI moves, the score, the forecast", () => {
    const a = draftMessages(full, "professional", "upbeat", 11);
    expect(draftMessages(full, "professional", "upbeat", 11)).toEqual(a);
    expect(a.map((m) => m.topic)).toEqual(["summary", "kpi", "kpi", "score", "forecast"]);
    expect(a[0]?.text).toContain("Harbor Toyota");
    expect(a[3]?.text).toContain("61.4");
    expect(a[3]?.text).toContain("−1.2");
    expect(a[4]?.text).toContain("144 leads");
    const b = draftMessages(bare, "concise", "calm", 1);
    expect(b.map((m) => m.topic)).toEqual(["summary"]);
    expect(b[0]?.text).toContain("dlr-002");
    // Phrasings vary with the seed.
    const leads = new Set(
      Array.from({ length: 20 }, (_, s) => draftMessages(full, "friendly", "calm", s)[0]?.text),
    );
    expect(leads.size).toBeGreaterThan(1);
  });
});
