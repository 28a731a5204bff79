/**
 * SR Linux's boxed tables: `+---+` rules, headers word-wrapped and centred (the extra space of
 * an odd padding on the right), `+===+` under the header, cells left-aligned and wrapped inside
 * their column (at spaces where possible, else hard at the column width), one space of padding
 * either side of every column.
 */

/** `text` cut into lines of at most `w` characters: at spaces, words longer than `w` split hard. */
export function wrap(text: string, w: number): string[] {
  if (w <= 0) return [text];
  const out: string[] = [];
  let cur = '';
  for (const word of text.split(' ').filter((x) => x !== '')) {
    let rest = word;
    if (cur && cur.length + 1 + rest.length <= w) {
      cur += ` ${rest}`;
      continue;
    }
    if (cur) out.push(cur);
    while (rest.length > w) {
      out.push(rest.slice(0, w));
      rest = rest.slice(w);
    }
    cur = rest;
  }
  if (cur || out.length === 0) out.push(cur);
  return out;
}

function center(s: string, w: number): string {
  const pad = Math.max(0, w - s.length);
  const left = Math.floor(pad / 2);
  return ' '.repeat(left) + s + ' '.repeat(pad - left);
}

export interface Column {
  header: string;
  /** Content width; undefined = as wide as the widest cell (and the header's longest word). */
  width?: number;
}

/** The column content widths a table of these rows gets. */
export function widths(cols: Column[], rows: string[][]): number[] {
  return cols.map((c, i) => c.width ?? Math.max(...c.header.split(' ').map((x) => x.length), ...rows.map((r) => (r[i] ?? '').length)));
}

export function rule(ws: number[], ch = '-'): string {
  return `+${ws.map((w) => ch.repeat(w + 2)).join('+')}+`;
}

function lines(cells: string[][], ws: number[], align: (s: string, w: number) => string): string[] {
  const h = Math.max(1, ...cells.map((c) => c.length));
  const out: string[] = [];
  for (let k = 0; k < h; k++) out.push(`|${ws.map((w, i) => ` ${align(cells[i][k] ?? '', w)} `).join('|')}|`);
  return out;
}

/** The whole table, one string per line. */
export function table(cols: Column[], rows: string[][]): string[] {
  const ws = widths(cols, rows);
  const out = [rule(ws)];
  out.push(...lines(cols.map((c, i) => wrap(c.header, ws[i])), ws, center));
  out.push(rule(ws, '='));
  for (const r of rows) out.push(...lines(ws.map((w, i) => wrap(r[i] ?? '', w)), ws, (s, w) => s.padEnd(w)));
  out.push(rule(ws));
  return out;
}

/** The width of the table's rules. */
export const tableWidth = (cols: Column[], rows: string[][]): number => rule(widths(cols, rows)).length;
