import { escapeXml } from "./charts.js";
import { type Block, type Figure, type ListItem, type ReportDocument, shows } from "./document.js";

const CSS = `
:root{color-scheme:light dark;--bg:#fff;--fg:#0f172a;--muted:#475569;--card:#f8fafc;--line:#e2e8f0}
@media (prefers-color-scheme:dark){:root{--bg:#0b1220;--fg:#e2e8f0;--muted:#94a3b8;--card:#111a2e;--line:#1e293b}}
*{box-sizing:border-box}body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif}
main{max-width:880px;margin:0 auto;padding:24px 16px}h1{font-size:1.6rem;margin:0 0 4px}h2{font-size:1.2rem;margin:32px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}
.meta,.note{color:var(--muted);font-size:.9rem}.tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:8px;margin:16px 0}
.tile{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:10px}.tile b{display:block;font-size:1.3rem}
table{border-collapse:collapse;width:100%;margin:8px 0;font-size:.9rem}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid var(--line)}
figure{margin:12px 0;background:var(--card);border:1px solid var(--line);border-radius:8px;padding:8px}figcaption{font-size:.9rem;color:var(--muted);margin-bottom:4px}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(380px,1fr));gap:8px}
`;

const p = (text: string, className?: string) =>
  `<p${className ? ` class="${className}"` : ""}>${escapeXml(text)}</p>`;
const li = (item: ListItem) =>
  `<li>${item.label ? `<b>${escapeXml(item.label)}:</b> ` : ""}${escapeXml(item.text)}</li>`;
const figure = (f: Figure) =>
  `<figure class="chart-figure"><figcaption>${escapeXml(f.caption)}</figcaption>${f.svg}</figure>`;

function block(block: Block): string | null {
  if (!shows(block, "html")) return null;
  switch (block.kind) {
    case "paragraph":
      return p(block.text, block.muted ? "note" : undefined);
    case "note":
      return p(block.text, "note");
    case "list":
      return block.items.length === 0 ? null : `<ul>${block.items.map(li).join("")}</ul>`;
    case "table": {
      const visible = block.columns.map((column) => shows(column, "html"));
      const th = block.columns
        .filter((_, i) => visible[i])
        .map((c) => `<th scope="col">${escapeXml(c.title)}</th>`);
      const tr = (cells: string[]) =>
        `<tr>${cells
          .filter((_, i) => visible[i])
          .map((cell) => `<td>${escapeXml(cell)}</td>`)
          .join("")}</tr>`;
      return `<table><thead><tr>${th.join("")}</tr></thead><tbody>${block.rows.map(tr).join("")}</tbody></table>`;
    }
    case "figure":
      return figure(block);
    case "grid":
      return `<div class="grid">${block.figures
        .filter((f) => shows(f, "html"))
        .map(figure)
        .join("")}</div>`;
  }
}

/** One self-contained page: inline CSS and SVG charts, no scripts, no external assets. */
export function toHtml(doc: ReportDocument): string {
  const tiles = doc.summary
    .map(({ label, value }) => `<div class="tile">${escapeXml(label)}<b>${escapeXml(value)}</b></div>`)
    .join("");
  const body = [
    `<h1>${escapeXml(doc.title)}</h1>`,
    p(doc.meta, "meta"),
    `<div class="tiles">${tiles}</div>`,
    ...doc.sections.flatMap((section) => [
      `<h2>${escapeXml(section.title)}</h2>`,
      ...section.blocks.map(block),
    ]),
  ];
  return [
    "<!doctype html>",
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeXml(doc.title)}</title>`,
    `<style>${CSS}</style></head>`,
    `<body><main>${body.filter((part) => part !== null).join("\n")}</main></body></html>`,
    "",
  ].join("\n");
}
