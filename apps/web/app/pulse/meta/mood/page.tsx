import type { MoodReport } from "@dai/tone-trainer";
import type { Metadata } from "next";
import { BarList } from "@/components/charts";
import { MultiLineChart } from "@/components/copilot-charts";
import type { MoodOverview } from "@/components/copilot-types";
import { DataTable } from "@/components/data-table";
import { Refused } from "@/components/forbidden";
import { LoadFailed } from "@/components/load-failed";
import { LiveRefresh } from "@/components/pulse";
import { fetchApi } from "@/lib/api";
import { apiHeaders, guardPage } from "@/lib/session";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Copilot mood" };

const pct = (value: number | null | undefined) =>
  value === null || value === undefined ? "—" : `${(100 * value).toFixed(1)} %`;
const delta = (value: number | null | undefined) =>
  value === null || value === undefined
    ? "—"
    : `${value >= 0 ? "+" : "−"}${(100 * Math.abs(value)).toFixed(1)} pts`;

/** The daily mood report (`dai mood`) and the Copilot's positive sentiment against the manifest's target. */
export default async function MetaMoodPage() {
  const access = await guardPage("/pulse/meta/mood");
  if (!access.allowed) return <Refused access={access} />;
  const loaded = await fetchApi<MoodOverview>("/api/copilot/mood-report", await apiHeaders());
  return (
    <>
      <LiveRefresh topics={["job.result", "copilot.event"]} />
      <h1>Copilot mood</h1>
      <p className="lead">
        Positive sentiment is the share of the Copilot's rated messages that got a thumbs up
        {loaded.ok ? `; the manifest's target is ${loaded.value.target.label}` : ""}. The daily report (05:00
        UTC, `dai mood`) breaks it down by the mood the Copilot was in.
      </p>
      {!loaded.ok ? (
        <LoadFailed what="The mood report" error={loaded.error} />
      ) : (
        <>
          <h2>Positive sentiment per day</h2>
          {loaded.value.sentiment.length === 0 ? (
            <p className="notice warn">No rated Copilot messages yet.</p>
          ) : (
            <MultiLineChart
              series={[
                { name: "7-day positive share", values: loaded.value.sentiment.map((d) => d.rolling7) },
                { name: "daily positive share", values: loaded.value.sentiment.map((d) => d.sentiment) },
              ]}
              xLabels={loaded.value.sentiment.map((d) => d.date)}
              reference={{ value: loaded.value.target.target, label: `target ${loaded.value.target.label}` }}
              label={`Daily and 7-day positive sentiment against the ${loaded.value.target.label} target`}
              max={1}
              format={(v) => `${Math.round(100 * v)} %`}
            />
          )}
          {loaded.value.report ? (
            <Report report={loaded.value.report} />
          ) : (
            <section className="notice warn">
              <h2>No mood report yet</h2>
              <p>The daily job writes it at 05:00 UTC; run it now from Meta: jobs, or `dai mood`.</p>
            </section>
          )}
        </>
      )}
    </>
  );
}

function Report({ report }: { report: MoodReport }) {
  const moods = Object.entries(report.moods);
  return (
    <>
      <ul className="cards" data-testid="mood-summary">
        <li className="card">
          <span className="owner">Overall sentiment</span>
          <span className="target">{pct(report.overallSentiment)}</span>
          <p>
            {report.target
              ? `Target ${report.target.label}: ${report.target.met === null ? "no ratings" : report.target.met ? "met" : "not met"}.`
              : ""}{" "}
            {report.trend
              ? `${delta(report.trend.overallSentiment.delta)} since the previous report.`
              : "First report."}
          </p>
        </li>
        <li className="card">
          <span className="owner">Top mood</span>
          <span className="target">{report.topMood?.mood ?? "—"}</span>
          <p>
            {report.topMood
              ? `${pct(report.topMood.positiveShare)} positive over ${report.topMood.ratings} ratings.`
              : "Too few ratings to rank the moods."}
            {report.trend?.topMood.changed ? ` Was ${report.trend.topMood.previous ?? "—"}.` : ""}
          </p>
        </li>
        <li className="card">
          <span className="owner">Messages</span>
          <span className="target">{report.totals.events.toLocaleString("en-US")}</span>
          <p>
            {report.totals.up} thumbs up, {report.totals.down} down, {report.totals.unrated} unrated
            {report.windowDays ? ` (last ${report.windowDays} days)` : ""}; report of{" "}
            {report.generatedAt.replace("T", " ").slice(0, 16)} UTC.
          </p>
        </li>
      </ul>
      <h2>Mood distribution</h2>
      <BarList
        items={moods.map(([name, s]) => ({ name, value: s.count }))}
        label="Copilot messages per mood"
      />
      <DataTable
        caption="Per mood: share, positive share, up/down ratio and change since the previous report"
        testId="mood-table"
        columns={["Mood", "Share", "Up", "Down", "Positive", "Up/down", "Δ positive"]}
        rows={moods.map(([mood, s]) => ({
          key: mood,
          cells: [
            mood,
            pct(s.share),
            s.up,
            s.down,
            pct(s.positiveShare),
            s.positiveNegativeRatio === null ? "—" : s.positiveNegativeRatio.toFixed(2),
            delta(report.trend?.moods[mood]?.positiveShareDelta),
          ],
        }))}
      />
      <h2>Recommendations</h2>
      <ul>
        {report.recommendations.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
    </>
  );
}
