import type { RecommendationAccuracy, RunLogEntry } from "@dai/vector-engine";
import type { Metadata } from "next";
import { Sparkline } from "@/components/charts";
import { AccuracyBar, ClusterMap, type MapCluster, type MapPoint } from "@/components/cluster-map";
import { DataTable } from "@/components/data-table";
import { Refused } from "@/components/forbidden";
import { LoadFailed } from "@/components/load-failed";
import { LiveRefresh } from "@/components/pulse";
import { fetchApi } from "@/lib/api";
import { apiHeaders, guardPage } from "@/lib/session";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Vectors" };

type MapView =
  | { ready: false; message: string; target: number }
  | {
      ready: true;
      generatedAt: string;
      asOf: string;
      modelVersion: number;
      backend: string;
      k: number;
      silhouette: number;
      target: number;
      /** The vectors file's accuracy, with the manifest target (a share) the API sets. */
      accuracy: RecommendationAccuracy & { target: number };
      clusters: MapCluster[];
      points: MapPoint[];
    };

const pct = (v: number | null | undefined) =>
  v === null || v === undefined ? "—" : `${(v * 100).toFixed(1)}%`;

/** Vector personalization: the dealer map by cluster, per-cluster tones, and recommendation accuracy vs target. */
export default async function MetaVectorsPage() {
  const access = await guardPage("/pulse/meta/vectors");
  if (!access.allowed) return <Refused access={access} />;
  const headers = await apiHeaders();
  const [map, runs] = await Promise.all([
    fetchApi<MapView>("/api/vectors/map", headers),
    fetchApi<{ runs: RunLogEntry[] }>("/api/vectors/runs", headers),
  ]);
  return (
    <>
      <LiveRefresh topics={["job.result", "metric.update"]} />
      <h1>Vectors</h1>
      <p className="lead">
        Every dealer's behaviour (dashboard use, Copilot feedback, KPI profile) embedded as a vector,
        clustered daily at 01:30 UTC, and a Copilot tone recommended per cluster. Recommendation accuracy is
        measured on held-out feedback against the manifest's target.
      </p>
      {!map.ok ? (
        <LoadFailed what="The dealer map" error={map.error} />
      ) : !map.value.ready ? (
        <p className="notice warn" data-testid="vectors-empty">
          {map.value.message}. Run it now from Meta: jobs (job <code>vector-update</code>).
        </p>
      ) : (
        <>
          <section aria-labelledby="accuracy-title">
            <h2 id="accuracy-title">Recommendation accuracy</h2>
            <AccuracyBar
              value={map.value.accuracy.accuracy}
              target={map.value.target}
              interval={map.value.accuracy.interval}
              label="Recommendation accuracy on held-out feedback"
            />
            <p className="muted">
              {map.value.accuracy.definition} Held-out window {map.value.accuracy.holdoutFrom.slice(0, 10)} to{" "}
              {map.value.accuracy.holdoutTo.slice(0, 10)}, {map.value.accuracy.matched} rated explanations in
              the sample. For comparison: random tone {pct(map.value.accuracy.baseline)}, best possible per
              cluster on the window itself {pct(map.value.accuracy.ceiling)}.
            </p>
          </section>
          <section aria-labelledby="map-title">
            <h2 id="map-title">Dealers by cluster</h2>
            <p className="lead">
              {map.value.points.length} dealers in {map.value.k} clusters (silhouette{" "}
              {map.value.silhouette.toFixed(2)}: 1 is perfectly separated, 0 overlapping). Axes are the first
              two principal components of the embedding; nearby dealers behave alike. Model v
              {map.value.modelVersion}, {map.value.backend} backend, data through{" "}
              {map.value.asOf.slice(0, 10)}.
            </p>
            <ClusterMap points={map.value.points} clusters={map.value.clusters} />
          </section>
        </>
      )}
      <section aria-labelledby="runs-title">
        <h2 id="runs-title">Runs</h2>
        {!runs.ok ? (
          <p className="notice error">{runs.error}</p>
        ) : runs.value.runs.length === 0 ? (
          <p className="muted">No run yet.</p>
        ) : (
          <>
            {runs.value.runs.length < 2 ? null : (
              <Sparkline
                points={runs.value.runs
                  .filter((r) => typeof r.accuracy === "number")
                  .map((r) => ({ value: (r.accuracy as number) * 100 }))}
                target={map.ok ? map.value.target * 100 : undefined}
                label="Recommendation accuracy per run, percent, against the target"
                width={480}
                height={80}
              />
            )}
            <DataTable
              caption="Runs of the vector update, newest first"
              hideCaption
              testId="vector-runs"
              columns={[
                "Started (UTC)",
                "Outcome",
                "Dealers",
                "Clusters",
                "Twins updated",
                "Accuracy",
                "Backend",
                "Duration",
              ]}
              rows={[...runs.value.runs]
                .reverse()
                .slice(0, 30)
                .map((run) => ({
                  key: run.startedAt,
                  cells: [
                    run.startedAt.replace("T", " ").slice(0, 19),
                    run.ok ? "ok" : `failed: ${run.error ?? "unknown"}`,
                    run.dealers ?? "—",
                    run.k ?? "—",
                    run.twinsUpdated ?? "—",
                    pct(run.accuracy),
                    run.backend,
                    <>{(run.durationMs / 1000).toFixed(1)} s</>,
                  ],
                }))}
            />
          </>
        )}
      </section>
    </>
  );
}
