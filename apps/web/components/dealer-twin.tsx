import type { DealerTwin } from "@dai/dealer-twin";
import { ForecastChart, Sparkline } from "@/components/charts";

const LABELS: Record<string, string> = {
  aiVisibility: "AI visibility",
  leads: "Leads",
  webSessions: "Web sessions",
  reviewRating: "Review rating",
  sentiment: "Sentiment",
};
const pct = (value: number | null) => (value === null ? "—" : `${value.toFixed(1)}%`);

/** A dealer's twin: per KPI, history and forecast with intervals, how good earlier forecasts were, anomalies. */
export function DealerTwinSection({ twin, target }: { twin: DealerTwin; target: number }) {
  return (
    <section aria-labelledby="twin-title">
      <h2 id="twin-title">Dealer twin (as of {twin.asOf})</h2>
      <p className="lead">
        The last 90 days, then the next {twin.horizonDays} days forecast with 80% and 95% intervals (bands).
        Deviation compares the forecast made 7 and 28 days ago with what happened; the platform target is
        under {target}% on the 28-day total.
      </p>
      <div className="twin-kpis">
        {Object.values(twin.kpis).map((kpi) => (
          <article className="twin-kpi card" key={kpi.kpi} data-kpi={kpi.kpi}>
            <h3>{LABELS[kpi.kpi] ?? kpi.kpi}</h3>
            <ForecastChart
              history={(twin.history.values[kpi.kpi] ?? []).slice(-90)}
              forecast={kpi.forecast}
              label={`${LABELS[kpi.kpi] ?? kpi.kpi}: last 90 days and the ${twin.horizonDays}-day forecast with 80% and 95% intervals`}
            />
            <p>
              <strong>Model:</strong> {kpi.method}. {kpi.why}
            </p>
            <p>
              <strong>Deviation:</strong> 7 days MAPE {pct(kpi.deviation.last7.mape)}, total{" "}
              {pct(kpi.deviation.last7.totalError)} · 28 days MAPE {pct(kpi.deviation.last28.mape)}, total{" "}
              {pct(kpi.deviation.last28.totalError)}
            </p>
            <div className="deviation-over-time">
              <strong>Deviation over the last 28 days</strong> (daily error of the forecast made 28 days ago):{" "}
              <Sparkline
                points={(kpi.deviation.last28.daily ?? [])
                  .filter((v): v is number => v !== null)
                  .map((value) => ({ value }))}
                label={`${LABELS[kpi.kpi] ?? kpi.kpi}: daily absolute percentage error over the last 28 days`}
              />
            </div>
            <p>
              <strong>Anomalies (outside the 95% interval, last 28 days):</strong>{" "}
              {kpi.anomalies.length === 0
                ? "none"
                : kpi.anomalies
                    .slice(-5)
                    .map((a) => `${a.date} (${a.actual} vs ${a.expected.toFixed(1)})`)
                    .join(", ")}
            </p>
          </article>
        ))}
      </div>
    </section>
  );
}
