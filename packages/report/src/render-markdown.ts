import { type Block, type ReportDocument, shows } from "./document.js";

// Only table cells are escaped: a pipe or a line break there would split the row.
const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");
const row = (cells: string[]) => `| ${cells.map(cell).join(" | ")} |`;

function block(block: Block): string | null {
  if (!shows(block, "markdown")) return null;
  switch (block.kind) {
    case "paragraph":
      return block.text;
    case "note":
      return `> ${block.text}`;
    case "list":
      if (block.items.length === 0) return null;
      return block.items.map((item) => `- ${item.label ? `**${item.label}:** ` : ""}${item.text}`).join("\n");
    case "table": {
      const visible = block.columns.map((column) => shows(column, "markdown"));
      const pick = (cells: string[]) => cells.filter((_, i) => visible[i]);
      return [
        row(pick(block.columns.map((column) => column.title))),
        row(pick(block.columns.map(() => "---"))),
        ...block.rows.map((cells) => row(pick(cells))),
      ].join("\n");
    }
    case "figure":
    case "grid":
      // Charts have no Markdown form; the Markdown-only tables carry their numbers.
      return null;
  }
}

/** Blocks are separated by one blank line, as a Markdown reader expects. */
export function toMarkdown(doc: ReportDocument): string {
  const summary: Block = {
    kind: "list",
    items: doc.summary.map(({ label, value }) => ({ label, text: value })),
  };
  const chunks = [
    `# ${doc.title}`,
    doc.meta,
    // HTML shows the summary as tiles under the title; Markdown gives it a section of its own.
    "## Summary",
    block(summary),
    ...doc.sections.flatMap((section) => [`## ${section.title}`, ...section.blocks.map(block)]),
  ];
  return `${chunks
    .filter((chunk) => chunk !== null)
    .join("\n\n")
    .trimEnd()}\n`;
}
