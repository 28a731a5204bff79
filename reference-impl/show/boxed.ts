/**
 * SR Linux's boxed tables: `+---+` rulers, `|` between cells with one blank of padding, headers
 * centred (an odd blank to the right) over a `+===+` ruler, data left-aligned, long text wrapped
 * inside its cell as Python's textwrap does (SR Linux's CLI is Python): `IN_SYNC/True/True` in
 * 9 gives `IN_SYNC/T`, `rue/True/`, `True`; `Route-distinguisher` in 12 gives `Route-distin`,
 * `guisher`. A table wider than the terminal gives every column that may wrap the same share of
 * what is left after the others (the document's LACP table: 12 for `ethernet-1/1`, 9 for the
 * ten others at 138 columns). A cell with `\n` lists several values, one per line (the MAC
 * table's `vxlan-interface:...` / `esi:...` destination).
 */
import { type Row, type TableModel, alignIn, cellText, wrapText } from './model';

export interface BoxedOptions {
  /** Terminal width the table must fit in (SR Linux's `environment` width); none: natural. */
  terminalWidth?: number;
  /** Columns (keys) that never wrap: they keep their natural width. */
  noWrap?: string[];
}

function natural(lines: string[]): number {
  return Math.max(0, ...lines.map((l) => l.length));
}

/** Content widths of the columns (without the blank on each side). */
export function boxedWidths<R extends Row>(m: TableModel<R>, o: BoxedOptions = {}): number[] {
  const nat = m.columns.map((c) => c.width ?? Math.max(natural(c.header.split('\n')), ...m.rows.map((r) => natural(cellText(c, r).split('\n')))));
  if (o.terminalWidth === undefined) return nat;
  const total = 1 + nat.reduce((a, w) => a + w + 3, 0);
  if (total <= o.terminalWidth) return nat;
  const fixed = m.columns.map((c) => c.width !== undefined || (o.noWrap ?? []).includes(c.key));
  const free = o.terminalWidth - 1 - 3 * m.columns.length - nat.reduce((a, w, k) => a + (fixed[k] ? w : 0), 0);
  const n = fixed.filter((f) => !f).length;
  const share = Math.max(1, Math.floor(free / Math.max(1, n)));
  return nat.map((w, k) => (fixed[k] ? w : share));
}

function cellLines(text: string, w: number): string[] {
  return text.split('\n').flatMap((l) => (l.length > w ? wrapText(l, w) : [l]));
}

export function renderBoxedLines<R extends Row>(m: TableModel<R>, o: BoxedOptions = {}): string[] {
  const w = boxedWidths(m, o);
  const rule = (ch: string) => '+' + w.map((n) => ch.repeat(n + 2)).join('+') + '+';
  const block = (cells: string[], header: boolean): string[] => {
    const parts = cells.map((t, k) => cellLines(t, w[k]));
    const n = Math.max(1, ...parts.map((p) => p.length));
    const out: string[] = [];
    for (let i = 0; i < n; i++) {
      const a = (k: number) => (header ? (m.columns[k].headerAlign ?? 'center') : (m.columns[k].align ?? 'left'));
      out.push('|' + parts.map((p, k) => ' ' + alignIn(p[i] ?? '', w[k], a(k)) + ' ').join('|') + '|');
    }
    return out;
  };
  const out = [rule('-'), ...block(m.columns.map((c) => c.header), true), rule('=')];
  for (const r of m.rows) out.push(...block(m.columns.map((c) => cellText(c, r)), false));
  out.push(rule('-'));
  return out;
}

export function renderBoxed<R extends Row>(m: TableModel<R>, o: BoxedOptions = {}): string {
  return renderBoxedLines(m, o).map((l) => l + '\n').join('');
}
