/**
 * Fixed-column layouts as VRP and Cisco IOS print them: each column a field of a given width and
 * alignment after a gap, like a printf format. A cell longer than its field overflows as its
 * column says (model.ts `Overflow`); with `push` the next column keeps `minGap` blanks and the
 * later ones come back to their own positions; a right-aligned cell grows left into its gap
 * first. Trailing blanks are dropped, as the devices do.
 */
import { type Column, type Row, type TableModel, alignIn, cellText, wrapText } from './model';

export interface FixedOptions {
  /** Blanks before every line (VRP's one-column indent). */
  indent?: number;
  /** Print the header line(s) (default true). */
  header?: boolean;
  /** Keep trailing blanks (default false). */
  keepTrailing?: boolean;
}

/** Field widths: the column's own, or its natural width. */
export function fixedWidths<R extends Row>(m: TableModel<R>): number[] {
  return m.columns.map((c) => c.width ?? Math.max(...c.header.split('\n').map((h) => h.length), ...m.rows.map((r) => cellText(c, r).length)));
}

/** One line from one string per column. */
function line<R extends Row>(cols: Column<R>[], widths: number[], cells: string[], header: boolean, indent: number): string {
  let s = ' '.repeat(indent);
  let nominal = indent;
  cols.forEach((c, k) => {
    const gap = c.gap ?? (k === 0 ? 0 : 1);
    const minGap = Math.min(gap, c.minGap ?? (k === 0 ? 0 : 1));
    nominal += gap;
    const a = header ? (c.headerAlign ?? c.align) : c.align;
    let text = cells[k] ?? '';
    if (c.overflow === 'truncate' && text.length > widths[k]) text = text.slice(0, widths[k]);
    // A right-aligned cell too long for its field grows left into its gap first (keeping minGap).
    const over = a === 'right' ? Math.max(0, text.length - widths[k]) : 0;
    const start = Math.max(nominal - over, s.length + minGap);
    s = s.padEnd(start);
    s += alignIn(text, widths[k], a);
    nominal += widths[k];
  });
  return s;
}

/** The lines of one row: one, or more where a `wrap` column continues. */
function rowLines<R extends Row>(cols: Column<R>[], widths: number[], cells: string[], header: boolean, o: FixedOptions): string[] {
  const parts = cells.map((t, k) => (cols[k].overflow === 'wrap' && t.length > widths[k] ? wrapText(t, widths[k]) : header ? t.split('\n') : [t]));
  const n = Math.max(1, ...parts.map((p) => p.length));
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const l = line(cols, widths, parts.map((p) => p[i] ?? ''), header, o.indent ?? 0);
    out.push(o.keepTrailing ? l : l.trimEnd());
  }
  return out;
}

/** The table's lines, header first. */
export function renderFixedLines<R extends Row>(m: TableModel<R>, o: FixedOptions = {}): string[] {
  const w = fixedWidths(m);
  const out: string[] = [];
  if (o.header !== false && m.columns.some((c) => c.header !== '')) out.push(...rowLines(m.columns, w, m.columns.map((c) => c.header), true, o));
  for (const r of m.rows) out.push(...rowLines(m.columns, w, m.columns.map((c) => cellText(c, r)), false, o));
  return out;
}

/** The table as text, one `\n` after each line. */
export function renderFixed<R extends Row>(m: TableModel<R>, o: FixedOptions = {}): string {
  return renderFixedLines(m, o).map((l) => l + '\n').join('');
}
