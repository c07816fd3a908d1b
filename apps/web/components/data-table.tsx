import type { ReactNode } from "react";

/** `data-*` attributes of a row's `<tr>`, such as the hooks the browser tests select on. */
export type DataAttributes = { [name: `data-${string}`]: string | number };

/** A column: its header text (unique in the table: it keys the cells), `numeric` to right-align it. */
export type DataColumn = string | { label: string; numeric?: boolean };

/** A body row: a stable key, one cell per column, and optional `data-*` attributes for its `<tr>`. */
export type DataRow = { key: string; cells: readonly ReactNode[]; data?: DataAttributes };

/**
 * The dashboard's plain table: a caption, one header row of `scope="col"` cells and a body of rows,
 * in the horizontally scrolling `.table-wrap` (pass `wrap={false}` for the bare `<table>`).
 * `rowHeaders` makes each row's first cell its `<th scope="row">`; `empty`, if given, stands in for
 * the whole table when there are no rows. Server-safe: no state, no effects.
 *
 * @example
 * <DataTable
 *   caption="Runs of the twin job, newest first"
 *   hideCaption
 *   testId="twin-runs"
 *   columns={["Started (UTC)", { label: "Anomalies", numeric: true }]}
 *   rows={runs.map((run) => ({ key: run.startedAt, cells: [run.startedAt, run.anomalies] }))}
 *   empty={<p className="muted">No run yet.</p>}
 * />
 */
export function DataTable({
  caption,
  hideCaption = false,
  columns,
  rows,
  rowHeaders = false,
  testId,
  empty,
  wrap = true,
}: {
  caption: ReactNode;
  /** Keep the caption for screen readers only (`.visually-hidden`). */
  hideCaption?: boolean;
  columns: readonly DataColumn[];
  rows: readonly DataRow[];
  rowHeaders?: boolean;
  testId?: string;
  empty?: ReactNode;
  wrap?: boolean;
}) {
  if (rows.length === 0 && empty !== undefined) return empty;
  const cols = columns.map((column) => (typeof column === "string" ? { label: column } : column));
  const align = (column: { numeric?: boolean }) => (column.numeric ? "numeric" : undefined);
  const table = (
    <table data-testid={testId}>
      <caption className={hideCaption ? "visually-hidden" : undefined}>{caption}</caption>
      <thead>
        <tr>
          {cols.map((column) => (
            <th key={column.label} scope="col" className={align(column)}>
              {column.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key} {...row.data}>
            {cols.map((column, index) =>
              rowHeaders && index === 0 ? (
                <th key={column.label} scope="row" className={align(column)}>
                  {row.cells[index]}
                </th>
              ) : (
                <td key={column.label} className={align(column)}>
                  {row.cells[index]}
                </td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
  return wrap ? <div className="table-wrap">{table}</div> : table;
}
