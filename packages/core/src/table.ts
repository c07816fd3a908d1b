/**
 * Plain-text table for terminal output: a header, a rule, padded columns.
 *
 * @example formatTable([{ a: "x", b: 1 }], [{ key: "a", label: "A" }, { key: "b", label: "B", align: "right" }])
 */
export function formatTable<Row extends object>(
  rows: readonly Row[],
  columns: readonly { key: keyof Row & string; label: string; align?: "left" | "right" }[],
): string {
  const cells = rows.map((row) =>
    columns.map((column) => String((row as Record<string, unknown>)[column.key] ?? "")),
  );
  const widths = columns.map((column, index) =>
    Math.max(column.label.length, ...cells.map((line) => (line[index] ?? "").length)),
  );
  const render = (values: readonly string[]) =>
    values
      .map((value, index) => {
        const width = widths[index] ?? 0;
        return columns[index]?.align === "right" ? value.padStart(width) : value.padEnd(width);
      })
      .join("  ")
      .trimEnd();
  return [
    render(columns.map((c) => c.label)),
    widths.map((w) => "-".repeat(w)).join("  "),
    ...cells.map(render),
  ].join("\n");
}
