import type { Dealer } from "@dai/demo-data";
import type { Metadata } from "next";
import { BarList } from "@/components/charts";
import { CopilotFeedback } from "@/components/copilot-feedback";
import type { CopilotReply } from "@/components/copilot-types";
import { Refused } from "@/components/forbidden";
import { LoadFailed } from "@/components/load-failed";
import { LiveRefresh } from "@/components/pulse";
import { fetchApi } from "@/lib/api";
import { apiHeaders, guardPage } from "@/lib/session";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Copilot" };

const MOOD_MEANING: Record<string, string> = {
  calm: "KPIs flat and steady",
  upbeat: "KPIs up 2–8 % week on week",
  celebratory: "KPIs up 8 % or more week on week",
  focused: "KPIs slipping 2–5 %, or flat but jumpy",
  concerned: "KPIs down 5 % or more week on week",
};

/**
 * The Copilot: pick a dealer in your scope and read what changed this week, in the tone the feedback
 * favours and the mood the KPI trend sets; rate each message with 👍 / 👎.
 */
export default async function CopilotPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const access = await guardPage("/copilot");
  if (!access.allowed) return <Refused access={access} />;
  const headers = await apiHeaders();
  const listed = await fetchApi<{ dealers: Dealer[]; count: number }>("/api/dealers", headers);
  const requested = (await searchParams).dealer;
  const dealers = listed.ok ? listed.value.dealers : [];
  const selected =
    dealers.find((d) => d.id === requested) ?? (typeof requested === "string" ? undefined : dealers[0]);
  const reply = selected
    ? await fetchApi<CopilotReply>(`/api/copilot/${encodeURIComponent(selected.id)}/messages`, headers)
    : undefined;
  return (
    <>
      <LiveRefresh topics={["copilot.event", "score.change", "twin.update"]} />
      <h1>Copilot</h1>
      <p className="lead">
        What changed for a dealer this week: its KPIs, AI Visibility score and forecast, explained in the tone
        the team's thumbs up/down favour (retrained nightly) and a mood set by the KPI trend. Rate each
        message — the Copilot's target is over 80 % positive.
      </p>
      {!listed.ok ? (
        <LoadFailed what="Dealers" error={listed.error} />
      ) : dealers.length === 0 ? (
        <section className="notice warn">
          <h2>No dealers</h2>
          <p>There are no dealers in your scope yet. The demo data is created by `dai seed`.</p>
        </section>
      ) : (
        <>
          {dealers.length > 1 ? (
            <form className="copilot-picker" method="get" action="/copilot">
              <label htmlFor="copilot-dealer">Dealer</label>
              <select id="copilot-dealer" name="dealer" defaultValue={selected?.id}>
                {dealers.map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.name} ({d.id})
                  </option>
                ))}
              </select>
              <button type="submit">Explain</button>
            </form>
          ) : null}
          {!selected ? (
            <section className="notice warn">
              <h2>Unknown dealer</h2>
              <p>That dealer is not in your scope. Pick one from the list.</p>
            </section>
          ) : !reply?.ok ? (
            <section className="notice error" role="alert">
              <h2>The Copilot could not answer</h2>
              <p>{reply?.error}</p>
            </section>
          ) : (
            <CopilotPanel reply={reply.value} />
          )}
        </>
      )}
    </>
  );
}

function CopilotPanel({ reply }: { reply: CopilotReply }) {
  const weights = Object.entries(reply.tone.weights).map(([name, value]) => ({
    name,
    value: Math.round(value * 1000) / 1000,
  }));
  return (
    <section aria-labelledby="copilot-heading">
      <h2 id="copilot-heading">
        {reply.dealerName} <span className="muted">data through {reply.asOf ?? "—"}</span>
      </h2>
      <ul className="cards" data-testid="copilot-state">
        <li className="card">
          <span className="owner">Mood</span>
          <span className="target" data-testid="copilot-mood">
            {reply.mood.mood}
          </span>
          <p>
            {MOOD_MEANING[reply.mood.mood]}. Rule applied: {reply.mood.why}
            {reply.mood.why.includes("variance") ? "" : `; KPI variance ${reply.mood.kpiVariance.toFixed(2)}`}
            . (Variance: 0 = flat, 1 = daily swings of half the level.)
          </p>
        </li>
        <li className="card">
          <span className="owner">Tone</span>
          <span className="target" data-testid="copilot-tone">
            {reply.tone.tone}
          </span>
          <p>
            Drawn by Thompson sampling from{" "}
            {reply.tone.source === "cluster"
              ? `the ${reply.tone.cluster} cluster's trained weights`
              : reply.tone.source === "global"
                ? "the fleet's trained weights"
                : "equal weights (no training yet)"}
            ; every tone keeps at least 10 %.
          </p>
        </li>
        <li className="card">
          <span className="owner">Written by</span>
          <span className="target">
            {reply.generator.kind === "model" ? reply.generator.model : "templates"}
          </span>
          <p>
            {reply.generator.fallback
              ? `The model failed (${reply.generator.fallback}); the templates answered.`
              : reply.generator.kind === "model"
                ? "An OpenAI-compatible model rewrote the template's facts."
                : "Deterministic templates over the dealer's facts."}
          </p>
        </li>
      </ul>
      <ol className="copilot-messages" data-testid="copilot-messages">
        {reply.messages.map((message) => (
          <li key={message.id} className="copilot-message" data-testid="copilot-message">
            <p>{message.text}</p>
            <p className="muted">
              {message.topic === "kpi" ? message.kpi : message.topic} · {message.tone} · {message.mood}
            </p>
            <CopilotFeedback
              messageId={message.id}
              dealerId={reply.dealerId}
              given={reply.ratings?.[message.id]}
            />
          </li>
        ))}
      </ol>
      <h3>Tone weights in force</h3>
      <BarList items={weights} label="Tone weights the Copilot drew its tone from" />
    </section>
  );
}
