import type { Metadata } from "next";
import { IntervalChart, MultiLineChart } from "@/components/copilot-charts";
import type { ToneOverview } from "@/components/copilot-types";
import { DataTable } from "@/components/data-table";
import { Refused } from "@/components/forbidden";
import { LoadFailed } from "@/components/load-failed";
import { LiveRefresh } from "@/components/pulse";
import { fetchApi } from "@/lib/api";
import { apiHeaders, guardPage } from "@/lib/session";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Copilot tone" };

const fmt = (value: number | null | undefined, digits = 3) =>
  value === null || value === undefined ? "—" : value.toFixed(digits);
const signed = (value: number | null | undefined) =>
  value === null || value === undefined ? "—" : `${value >= 0 ? "+" : ""}${value.toFixed(3)}`;

/** The Copilot's tone weights: over time, their posterior intervals, and per dealer cluster. */
export default async function MetaTonePage() {
  const access = await guardPage("/pulse/meta/tone");
  if (!access.allowed) return <Refused access={access} />;
  const loaded = await fetchApi<ToneOverview>("/api/copilot/tone", await apiHeaders());
  return (
    <>
      <LiveRefresh topics={["job.result", "copilot.event"]} />
      <h1>Copilot tone</h1>
      <p className="lead">
        Each tone's weight is the probability that it is the best-liked tone, from a Beta–Bernoulli posterior
        over thumbs up/down (recent feedback counts more), projected so the weights sum to 1 and every tone
        keeps at least the manifest's floor
        {loaded.ok ? ` (${loaded.value.floor})` : ""}. The nightly job (`dai train-tone`) writes them; the
        Copilot draws each reply's tone from them.
      </p>
      {!loaded.ok ? (
        <LoadFailed what="The tone weights" error={loaded.error} />
      ) : loaded.value.history.length === 0 && !loaded.value.file ? (
        <section className="notice warn">
          <h2>No feedback yet</h2>
          <p>No Copilot events have been recorded. Ratings from the Copilot page appear here.</p>
        </section>
      ) : (
        <TonePanels overview={loaded.value} />
      )}
    </>
  );
}

function TonePanels({ overview }: { overview: ToneOverview }) {
  const { history, file, floor } = overview;
  const tones = file?.tones ?? Object.keys(history.at(-1)?.weights ?? {});
  const latest = history.at(-1);
  const intervals = file
    ? tones.map((tone) => ({ name: tone, ...(file.posteriors[tone] ?? { mean: 0, lower: 0, upper: 0 }) }))
    : tones.map((tone) => ({ name: tone, ...(latest?.intervals[tone] ?? { mean: 0, lower: 0, upper: 0 }) }));
  const clusterNames = Object.keys(file?.clusters ?? latest?.clusters ?? {}).sort();
  return (
    <>
      <h2>Weights over time</h2>
      <p className="muted">
        Replayed weekly from the stored events ({overview.events.toLocaleString("en-US")}): at each date, the
        weights the nightly job would have written from the feedback up to then. Dashed: the floor.
      </p>
      <MultiLineChart
        series={tones.map((tone) => ({ name: tone, values: history.map((p) => p.weights[tone] ?? null) }))}
        xLabels={history.map((p) => p.asOf.slice(0, 10))}
        reference={{ value: floor, label: `floor ${floor}` }}
        label={`Tone weights per week from ${history[0]?.asOf.slice(0, 10) ?? "—"} to ${latest?.asOf.slice(0, 10) ?? "—"}, with the floor ${floor}`}
        max={1}
      />
      <h2>Approval rate per tone (posterior mean, 95 % interval)</h2>
      <p className="muted">
        {file
          ? `From the weights file of ${file.generatedAt.replace("T", " ").slice(0, 16)} UTC (${file.input.rated.toLocaleString("en-US")} ratings, half-life ${file.algorithm.halfLifeDays ?? "none"} days).`
          : "From the replay (the nightly job has not written a weights file yet)."}{" "}
        Dashed: the 0.8 sentiment target.
      </p>
      <IntervalChart
        rows={intervals}
        reference={{ value: 0.8, label: "target 0.8" }}
        label="Posterior mean approval rate of each tone with its 95% credible interval"
      />
      {file ? (
        <DataTable
          caption="Current weights and their change since the previous run"
          testId="tone-weights"
          columns={["Tone", "Weight", "Previous", "Change", "Up / down"]}
          rows={tones.map((tone) => ({
            key: tone,
            cells: [
              tone,
              fmt(file.weights[tone]),
              fmt(file.previousWeights?.[tone]),
              signed(file.change?.[tone]),
              <>
                {file.posteriors[tone]?.up ?? 0} / {file.posteriors[tone]?.down ?? 0}
              </>,
            ],
          }))}
        />
      ) : null}
      <h2>Per dealer cluster</h2>
      {clusterNames.length === 0 ? (
        <p className="muted">No clusters: every dealer uses the fleet's weights.</p>
      ) : (
        <>
          <p className="muted">
            A cluster's posteriors are shrunk toward the fleet's; a cluster with too few ratings uses the
            fleet's weights.
          </p>
          {clusterNames.map((name) => (
            <section key={name}>
              <h3>
                {name}
                {(file?.clusters[name]?.fallback ?? latest?.clusters[name]?.fallback)
                  ? " (fleet weights)"
                  : ""}
              </h3>
              <MultiLineChart
                series={tones.map((tone) => ({
                  name: tone,
                  values: history.map((p) => p.clusters[name]?.weights[tone] ?? null),
                }))}
                xLabels={history.map((p) => p.asOf.slice(0, 10))}
                reference={{ value: floor, label: `floor ${floor}` }}
                label={`Tone weights of the ${name} cluster per week`}
                max={1}
                height={140}
              />
            </section>
          ))}
        </>
      )}
    </>
  );
}
