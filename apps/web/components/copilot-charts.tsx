/**
 * Charts of the Copilot's meta pages, in the dashboard's one chart style (server-rendered SVG, labelled,
 * dashed reference lines): several series over time, and posterior intervals per tone.
 */

/** The colour-blind-safe palette of the cluster map (Okabe–Ito), for lines. */
const PALETTE = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#b8860b", "#56b4e9", "#7f7f7f", "#000000"];
export const seriesColour = (index: number) => PALETTE[index % PALETTE.length] as string;

/** Lines over shared x positions (e.g. each tone's weight per week), with an optional reference line and a legend. */
export function MultiLineChart({
  series,
  xLabels,
  reference,
  label,
  min = 0,
  max,
  format = (value: number) => value.toFixed(2),
  width = 560,
  height = 180,
}: {
  series: readonly { name: string; values: readonly (number | null)[] }[];
  xLabels: readonly string[];
  reference?: { value: number; label: string };
  label: string;
  min?: number;
  max?: number;
  format?: (value: number) => string;
  width?: number;
  height?: number;
}) {
  const all = series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  if (all.length === 0 || xLabels.length === 0) return <span className="muted">No data yet</span>;
  const top = max ?? Math.max(...all, reference?.value ?? Number.NEGATIVE_INFINITY);
  const bottom = Math.min(min, ...all);
  const span = top - bottom || 1;
  const pad = { left: 46, right: 8, top: 8, bottom: 20 };
  const x = (index: number) =>
    xLabels.length === 1
      ? pad.left + (width - pad.left - pad.right) / 2
      : pad.left + (index / (xLabels.length - 1)) * (width - pad.left - pad.right);
  const y = (value: number) => pad.top + (1 - (value - bottom) / span) * (height - pad.top - pad.bottom);
  const path = (values: readonly (number | null)[]) =>
    values
      .map((value, index) =>
        value === null
          ? ""
          : `${index === 0 || values[index - 1] === null ? "M" : "L"}${x(index).toFixed(1)},${y(value).toFixed(1)}`,
      )
      .join(" ");
  return (
    <figure className="copilot-chart">
      <svg width="100%" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label}>
        <title>{label}</title>
        <text x={pad.left - 4} y={y(top) + 4} textAnchor="end" className="axis-label">
          {format(top)}
        </text>
        <text x={pad.left - 4} y={y(bottom)} textAnchor="end" className="axis-label">
          {format(bottom)}
        </text>
        <text x={pad.left} y={height - 4} className="axis-label">
          {xLabels[0]}
        </text>
        <text x={width - pad.right} y={height - 4} textAnchor="end" className="axis-label">
          {xLabels.at(-1)}
        </text>
        {reference ? (
          <line
            x1={pad.left}
            x2={width - pad.right}
            y1={y(reference.value)}
            y2={y(reference.value)}
            className="sparkline-target"
          />
        ) : null}
        {series.map((s, index) => (
          <path key={s.name} d={path(s.values)} fill="none" stroke={seriesColour(index)} strokeWidth="2" />
        ))}
        {series.map((s, index) => {
          // The latest value as a dot, so a series of one point still shows.
          const last = s.values.length - 1;
          const value = s.values[last];
          return value === null || value === undefined ? null : (
            <circle key={`${s.name}-last`} cx={x(last)} cy={y(value)} r="3" fill={seriesColour(index)} />
          );
        })}
      </svg>
      <figcaption>
        <ul className="chart-legend">
          {series.map((s, index) => (
            <li key={s.name}>
              <span
                className="legend-swatch"
                style={{ background: seriesColour(index) }}
                aria-hidden="true"
              />
              {s.name}
              {s.values.at(-1) !== null && s.values.at(-1) !== undefined
                ? ` (${format(s.values.at(-1) as number)})`
                : ""}
            </li>
          ))}
          {reference ? (
            <li>
              <span className="legend-swatch legend-dashed" aria-hidden="true" />
              {reference.label}
            </li>
          ) : null}
        </ul>
      </figcaption>
    </figure>
  );
}

/** Each row's mean with its 95 % interval on a 0–1 scale (e.g. each tone's approval rate). */
export function IntervalChart({
  rows,
  label,
  reference,
  width = 560,
}: {
  rows: readonly { name: string; mean: number; lower: number; upper: number }[];
  label: string;
  reference?: { value: number; label: string };
  width?: number;
}) {
  if (rows.length === 0) return <span className="muted">No ratings yet</span>;
  const rowHeight = 26;
  const left = 110;
  const right = 56;
  const height = rows.length * rowHeight + 8;
  const x = (value: number) => left + Math.max(0, Math.min(1, value)) * (width - left - right);
  return (
    <svg
      className="copilot-chart"
      width="100%"
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={label}
    >
      <title>{label}</title>
      {reference ? (
        <line
          x1={x(reference.value)}
          x2={x(reference.value)}
          y1="0"
          y2={height}
          className="sparkline-target"
        />
      ) : null}
      {rows.map((row, index) => {
        const cy = 4 + index * rowHeight + rowHeight / 2;
        return (
          <g key={row.name}>
            <text x={left - 8} y={cy + 4} textAnchor="end" className="axis-label">
              {row.name}
            </text>
            <line
              x1={x(row.lower)}
              x2={x(row.upper)}
              y1={cy}
              y2={cy}
              stroke={seriesColour(index)}
              strokeWidth="6"
              strokeLinecap="round"
              opacity="0.45"
            />
            <circle cx={x(row.mean)} cy={cy} r="5" fill={seriesColour(index)} />
            <text x={width - right + 6} y={cy + 4} className="axis-label">
              {row.mean.toFixed(3)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
