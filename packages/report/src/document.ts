/**
 * The report as a small document model. `reportDocument` writes every sentence and table row once;
 * `render-markdown.ts` and `render-html.ts` only lay it out, so the two outputs cannot drift apart.
 */

export type Medium = "markdown" | "html";

/** Blocks and columns marked `only` have no counterpart in the other medium (a chart has no Markdown). */
interface Scoped {
  only?: Medium;
}

export interface Column extends Scoped {
  title: string;
}

export interface ListItem {
  label?: string;
  text: string;
}

export interface Figure extends Scoped {
  kind: "figure";
  caption: string;
  /** Trusted markup from `charts.ts`, which escapes its own text. */
  svg: string;
}

export type Block = Scoped &
  (
    | { kind: "paragraph"; text: string; muted?: boolean }
    | { kind: "note"; text: string }
    | { kind: "list"; items: ListItem[] }
    | { kind: "table"; columns: Column[]; rows: string[][] }
    | Figure
    | { kind: "grid"; figures: Figure[] }
  );

export interface ReportDocument {
  title: string;
  meta: string;
  summary: { label: string; value: string }[];
  sections: { title: string; blocks: Block[] }[];
}

export const shows = (item: Scoped, medium: Medium): boolean =>
  item.only === undefined || item.only === medium;

export const para = (text: string, muted = false): Block => ({ kind: "paragraph", text, muted });

/** A caveat: a quote in Markdown, a muted line in HTML. */
export const note = (text: string): Block => ({ kind: "note", text });

export const list = (items: (string | ListItem)[]): Block => ({
  kind: "list",
  items: items.map((item) => (typeof item === "string" ? { text: item } : item)),
});

export const table = (columns: (string | Column)[], rows: string[][]): Block => ({
  kind: "table",
  columns: columns.map((column) => (typeof column === "string" ? { title: column } : column)),
  rows,
});

export const figure = (caption: string, svg: string): Figure => ({ kind: "figure", caption, svg });

export const grid = (...figures: Figure[]): Block => ({ kind: "grid", figures });

export const only = <T extends Scoped>(medium: Medium, item: T): T => ({ ...item, only: medium });

/** Lets a section list its blocks in reading order with the conditional ones inline. */
export const blocks = (...items: (Block | false | null | undefined)[]): Block[] =>
  items.filter((item): item is Block => Boolean(item));
