/**
 * The dashboard's one chart: an accessible SVG line over daily points, with the target as a dashed
 * line. Server-rendered (no chart runtime in the browser); the label says what it shows.
 */
export function Sparkline({
  points,
  target,
  label,
  width = 180,
  height = 44,
}: {
  points: readonly { value: number }[];
  target?: number;
  label: string;
  width?: number;
  height?: number;
}) {
  if (points.length === 0) return <span className="muted">No history yet</span>;
  const values = points.map((p) => p.value);
  const low = Math.min(...values, target ?? Number.POSITIVE_INFINITY);
  const high = Math.max(...values, target ?? Number.NEGATIVE_INFINITY);
  const span = high - low || 1;
  const x = (index: number) =>
    points.length === 1 ? width / 2 : (index / (points.length - 1)) * (width - 4) + 2;
  const y = (value: number) => height - 3 - ((value - low) / span) * (height - 6);
  const path = points
    .map((p, index) => `${index === 0 ? "M" : "L"}${x(index).toFixed(1)},${y(p.value).toFixed(1)}`)
    .join(" ");
  const last = points.at(-1);
  return (
    <svg
      className="sparkline"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={label}
    >
      <title>{label}</title>
      {target === undefined ? null : (
        <line x1="0" x2={width} y1={y(target)} y2={y(target)} className="sparkline-target" />
      )}
      <path d={path} className="sparkline-line" />
      {last ? (
        <circle cx={x(points.length - 1)} cy={y(last.value)} r="2.5" className="sparkline-dot" />
      ) : null}
    </svg>
  );
}

/** Horizontal bars for a share breakdown (e.g. the event mix), each labelled with its count. */
export function BarList({
  items,
  label,
}: {
  items: readonly { name: string; value: number }[];
  label: string;
}) {
  if (items.length === 0) return <span className="muted">No events yet</span>;
  const max = Math.max(...items.map((item) => item.value), 1);
  return (
    <ul className="bar-list" aria-label={label}>
      {items.map((item) => (
        <li key={item.name}>
          <span className="bar-name">{item.name}</span>
          <span className="bar-track" aria-hidden="true">
            <span className="bar-fill" style={{ width: `${(100 * item.value) / max}%` }} />
          </span>
          <span className="bar-value">{item.value.toLocaleString("en-US")}</span>
        </li>
      ))}
    </ul>
  );
}

/**
 * History and forecast on one chart: the actual line, then the forecast mean with its 80% and 95%
 * intervals as bands, and a marker where the forecast starts.
 */
export function ForecastChart({
  history,
  forecast,
  label,
  width = 560,
  height = 160,
}: {
  history: readonly (number | null)[];
  forecast: {
    mean: readonly number[];
    lower80: readonly number[];
    upper80: readonly number[];
    lower95: readonly number[];
    upper95: readonly number[];
  };
  label: string;
  width?: number;
  height?: number;
}) {
  const actual = history.filter((v): v is number => v !== null);
  if (actual.length === 0 && forecast.mean.length === 0) return <span className="muted">No data yet</span>;
  const all = [...actual, ...forecast.lower95, ...forecast.upper95];
  const low = Math.min(...all);
  const high = Math.max(...all);
  const span = high - low || 1;
  const total = history.length + forecast.mean.length;
  const x = (index: number) => (index / Math.max(total - 1, 1)) * (width - 8) + 4;
  const y = (value: number) => height - 6 - ((value - low) / span) * (height - 12);
  const line = (values: readonly (number | null)[], offset: number) =>
    values
      .map((value, index) =>
        value === null
          ? ""
          : `${index === 0 || values[index - 1] === null ? "M" : "L"}${x(offset + index).toFixed(1)},${y(value).toFixed(1)}`,
      )
      .join(" ");
  const band = (lower: readonly number[], upper: readonly number[]) => {
    const start = history.length;
    const top = upper
      .map(
        (value, index) => `${index === 0 ? "M" : "L"}${x(start + index).toFixed(1)},${y(value).toFixed(1)}`,
      )
      .join(" ");
    const bottom = [...lower]
      .map((value, index) => ({ value, index }))
      .reverse()
      .map(({ value, index }) => `L${x(start + index).toFixed(1)},${y(value).toFixed(1)}`)
      .join(" ");
    return `${top} ${bottom} Z`;
  };
  return (
    <svg
      className="forecast-chart"
      width="100%"
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={label}
    >
      <title>{label}</title>
      {forecast.mean.length > 0 ? (
        <path d={band(forecast.lower95, forecast.upper95)} className="band-95" />
      ) : null}
      {forecast.mean.length > 0 ? (
        <path d={band(forecast.lower80, forecast.upper80)} className="band-80" />
      ) : null}
      <path d={line(history, 0)} className="sparkline-line" />
      {forecast.mean.length > 0 ? (
        <path d={line(forecast.mean, history.length)} className="forecast-line" />
      ) : null}
      <line x1={x(history.length)} x2={x(history.length)} y1="0" y2={height} className="sparkline-target" />
    </svg>
  );
}
