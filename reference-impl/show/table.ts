/**
 * Show output as a table model rendered late (DESIGN.md convention 8): unit tests assert on
 * rows, golden files on text. freeRtr's normal and fancy formats, over string cells or a model.ts
 * table model.
 */
import { type Row, type TableModel, textRows } from './model';

export interface Table {
  headers: string[];
  rows: string[][];
}

export type FreeRtrTableMode = 'normal' | 'fancy';

/** freeRtr `terminal table normal`: columns left-aligned, two spaces apart. */
export function renderFreeRtrNormal(t: Table): string {
  const w = widths(t);
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(w[i])).join('  ').trimEnd();
  return [line(t.headers), ...t.rows.map(line)].join('\n') + '\n';
}

/** freeRtr `terminal table fancy`: the |~~~| form the documents show. */
export function renderFreeRtrFancy(t: Table): string {
  const w = widths(t);
  const rule = (ch: string) => ' |' + w.map((n) => ch.repeat(n + 2)).join('|') + '|';
  const line = (cells: string[]) => ' |' + cells.map((c, i) => ' ' + c.padEnd(w[i]) + ' ').join('|') + '|';
  return [rule('~'), line(t.headers), rule('-'), ...t.rows.map(line), rule('_')].join('\n') + '\n';
}

export function renderFreeRtr(t: Table, mode: FreeRtrTableMode): string {
  return mode === 'fancy' ? renderFreeRtrFancy(t) : renderFreeRtrNormal(t);
}

/** A table model (model.ts) in freeRtr's style: every cell as text, columns as wide as needed. */
export function renderFreeRtrModel<R extends Row>(m: TableModel<R>, mode: FreeRtrTableMode): string {
  return renderFreeRtr(textRows(m), mode);
}

function widths(t: Table): number[] {
  return t.headers.map((h, i) => Math.max(h.length, ...t.rows.map((r) => (r[i] ?? '').length)));
}

/** freeRtr's bits.timePast: hh:mm:ss, or NdHh past a day. */
export function timePast(micros: number): string {
  let s = Math.max(0, Math.floor(micros / 1_000_000));
  const d = Math.floor(s / 86400);
  s -= d * 86400;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  if (d > 0) return `${d}d${h}h`;
  return `${two(h)}:${two(m)}:${two(sec)}`;
}
