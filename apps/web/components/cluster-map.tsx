/** Colour classes for clusters (`cluster-0` … `cluster-7`, defined in globals.css for both themes). */
const PALETTE_SIZE = 8;
export const clusterClass = (clusterId: number) =>
  `cluster-${((clusterId % PALETTE_SIZE) + PALETTE_SIZE) % PALETTE_SIZE}`;

export type MapPoint = {
  dealerId: string;
  name: string;
  brand: string;
  region: string;
  clusterId: number;
  x: number;
  y: number;
};
export type MapCluster = { id: number; size: number; recommendedTone: string; toneSource?: string };

/**
 * The 2-D map of dealers: the first two principal components of their behaviour embeddings, one
 * point per dealer, coloured (and shaped per cluster parity, so colour is not the only cue) by cluster.
 * Server-rendered SVG; every point carries a title for screen readers and hover.
 */
export function ClusterMap({
  points,
  clusters,
  width = 560,
  height = 360,
}: {
  points: readonly MapPoint[];
  clusters: readonly MapCluster[];
  width?: number;
  height?: number;
}) {
  if (points.length === 0) return <span className="muted">No dealers embedded yet</span>;
  const pad = 16;
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  const [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  const sx = (v: number) => pad + ((v - x0) / (x1 - x0 || 1)) * (width - 2 * pad);
  const sy = (v: number) => height - pad - ((v - y0) / (y1 - y0 || 1)) * (height - 2 * pad);
  const label = `Map of ${points.length} dealers by behaviour, first two principal components, coloured by ${clusters.length} clusters`;
  return (
    <figure className="cluster-map">
      <svg
        width="100%"
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={label}
        data-testid="cluster-map"
      >
        <title>{label}</title>
        <rect x="0.5" y="0.5" width={width - 1} height={height - 1} className="cluster-map-frame" />
        {points.map((p) => {
          const cx = sx(p.x);
          const cy = sy(p.y);
          const title = `${p.name} (${p.brand}, ${p.region}): cluster #${p.clusterId}`;
          return p.clusterId % 2 === 0 ? (
            <circle
              key={p.dealerId}
              cx={cx.toFixed(1)}
              cy={cy.toFixed(1)}
              r="5"
              className={`cluster-point ${clusterClass(p.clusterId)}`}
              data-dealer-id={p.dealerId}
              data-cluster={p.clusterId}
            >
              <title>{title}</title>
            </circle>
          ) : (
            <rect
              key={p.dealerId}
              x={(cx - 4.5).toFixed(1)}
              y={(cy - 4.5).toFixed(1)}
              width="9"
              height="9"
              className={`cluster-point ${clusterClass(p.clusterId)}`}
              data-dealer-id={p.dealerId}
              data-cluster={p.clusterId}
            >
              <title>{title}</title>
            </rect>
          );
        })}
      </svg>
      <figcaption>
        <ul className="cluster-legend" aria-label="Clusters">
          {clusters.map((c) => (
            <li key={c.id}>
              <span
                className={`cluster-swatch ${clusterClass(c.id)} ${c.id % 2 === 0 ? "round" : ""}`}
                aria-hidden="true"
              />
              Cluster #{c.id}: {c.size} dealers, recommended tone <strong>{c.recommendedTone}</strong>
              {c.toneSource === "tone-weights" ? " (tone weights)" : " (feedback)"}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}

/** A share against its target as a labelled bar: the value, the target marker, and met / not met. */
export function AccuracyBar({
  value,
  target,
  interval,
  label,
}: {
  value: number | null;
  target: number;
  interval?: [number, number] | null;
  label: string;
}) {
  const met = value !== null && value > target;
  return (
    <div className="accuracy-bar" data-testid="accuracy-bar">
      <div
        className="accuracy-track"
        role="img"
        aria-label={`${label}: ${
          value === null
            ? "no data"
            : `${(value * 100).toFixed(1)}% against a target above ${(target * 100).toFixed(0)}%`
        }`}
      >
        {value === null ? null : (
          <span className={`accuracy-fill ${met ? "met" : "missed"}`} style={{ width: `${value * 100}%` }} />
        )}
        <span className="accuracy-target" style={{ left: `${target * 100}%` }} aria-hidden="true" />
      </div>
      <p>
        <strong>{value === null ? "—" : `${(value * 100).toFixed(1)}%`}</strong>
        {interval ? (
          <span className="muted">
            {" "}
            (95% interval {(interval[0] * 100).toFixed(1)}–{(interval[1] * 100).toFixed(1)}%)
          </span>
        ) : null}{" "}
        against the target of more than {(target * 100).toFixed(0)}%:{" "}
        <span className={value === null ? "muted" : met ? "status-met" : "status-missed"}>
          {value === null ? "no held-out feedback yet" : met ? "met" : "not met"}
        </span>
      </p>
    </div>
  );
}
