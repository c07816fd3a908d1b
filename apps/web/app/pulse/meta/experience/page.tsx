import type { Evaluation, MetricHistory } from "@dai/telemetry";
import type { Metadata } from "next";
import { Sparkline } from "@/components/charts";
import { Refused } from "@/components/forbidden";
import { LoadFailed } from "@/components/load-failed";
import { Reveal } from "@/components/motion";
import { LiveRefresh } from "@/components/pulse";
import { fetchApi } from "@/lib/api";
import { apiHeaders, guardPage } from "@/lib/session";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Experience" };

const STATUS = { met: "Met", "at-risk": "At risk", missed: "Missed", "no-data": "No data" } as const;

/** What each card explains: the number, how it is measured, and what the browser does about it. */
const EXPLAIN: Record<string, { what: string; how: string; events: string }> = {
  "average-fps-drop": {
    what: "How far the achieved frame rate fell below the display's refresh rate while dashboard animations ran.",
    how: "Each browser samples requestAnimationFrame timings, estimates its display's refresh rate and reports one sample every 5 s of animation. Weak devices get longer, opacity-only transitions (600–1200 ms, the manifest's range); reduced-motion users get none.",
    events: "frame-rate samples",
  },
  "soundscape-opt-in-rate": {
    what: "Share of dashboard users with a soundscape choice who switched the hum on.",
    how: "The soundscape is off by default; switching it on or off is reported once per choice, with the listening time on switch-off.",
    events: "on/off choices",
  },
};
const IDS = Object.keys(EXPLAIN);

const show = (value: number | null) => (value === null ? "—" : `${value.toFixed(value >= 100 ? 0 : 1)}%`);

/** The adaptive-motion and soundscape success metrics: 24 h value against the target, 14-day trend. */
export default async function ExperiencePage() {
  const access = await guardPage("/pulse/meta/experience");
  if (!access.allowed) return <Refused access={access} />;
  const headers = await apiHeaders();
  const [evaluation, history] = await Promise.all([
    fetchApi<Evaluation>("/api/telemetry/slo?window=24h", headers),
    fetchApi<MetricHistory[]>("/api/telemetry/history?days=14", headers),
  ]);
  const points = new Map(history.ok ? history.value.map((h) => [h.id, h.points]) : []);
  const metrics = evaluation.ok ? evaluation.value.metrics.filter((m) => IDS.includes(m.id)) : [];
  return (
    <>
      <LiveRefresh topics={["metric.update"]} />
      <h1>Experience</h1>
      <p className="lead">
        How the dashboard feels, measured in real browsers: animation smoothness (adaptive motion) and how
        many people choose the predictive soundscape. Values cover the last 24 hours; the lines show each day
        of the last 14 against the target (dashed).
      </p>
      {!evaluation.ok ? (
        <LoadFailed what="Experience metrics" error={evaluation.error} />
      ) : metrics.length === 0 ? (
        <section className="notice warn">
          <h2>Not measured</h2>
          <p>The manifest defines neither the FPS-drop nor the soundscape opt-in metric.</p>
        </section>
      ) : (
        <ul className="cards experience-cards">
          {metrics.map((metric, index) => {
            const explain = EXPLAIN[metric.id] as (typeof EXPLAIN)[string];
            const daily = points.get(metric.id) ?? [];
            return (
              <Reveal
                as="li"
                key={metric.id}
                className="card"
                order={index}
                data-testid={`experience-${metric.id}`}
              >
                <h2>{metric.name}</h2>
                <p className="experience-value">
                  <strong data-value>{show(metric.value)}</strong>{" "}
                  <small>over 24 h · target {metric.targetLabel}</small>
                </p>
                <span className={`badge status-${metric.status}`} data-status={metric.status}>
                  {STATUS[metric.status]}
                  {metric.value === null
                    ? ""
                    : ` · ${metric.events.toLocaleString("en-US")} ${explain.events}`}
                </span>
                <p>{explain.what}</p>
                <Sparkline
                  points={daily}
                  target={metric.target}
                  width={260}
                  height={56}
                  label={`${metric.name}, daily values over the last 14 days, target ${metric.targetLabel}`}
                />
                {daily.length > 0 ? (
                  <p className="muted">
                    {daily.length} day{daily.length === 1 ? "" : "s"} with data; latest {daily.at(-1)?.day}:{" "}
                    {show(daily.at(-1)?.value ?? null)}.
                  </p>
                ) : null}
                <p className="muted">{explain.how}</p>
              </Reveal>
            );
          })}
        </ul>
      )}
    </>
  );
}
