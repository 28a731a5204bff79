/**
 * The table model every show command builds (DESIGN.md convention 8): typed rows plus a column
 * spec. Renderers in this folder turn one model into a dialect's text (freeRtr `table.ts`,
 * fixed columns for VRP and Cisco `fixed.ts`, SR Linux boxes `boxed.ts`) or JSON (`json.ts`).
 * Unit tests assert on the rows; golden tests on the rendered text.
 */

/** A typed cell: numbers stay numbers (JSON keeps them), `null`/`undefined` print as empty. */
export type CellValue = string | number | boolean | bigint | null | undefined;

export type Row = Record<string, CellValue>;

export type Align = 'left' | 'right' | 'center';

/**
 * What a fixed-width column does with text longer than its width:
 * - `push`: printed in full; the next column starts one blank (its `minGap`) after it, and the
 *   columns after that return to their own positions as soon as they can (VRP, IOS);
 * - `truncate`: cut to the width (IOS's `show interfaces description`, `show ip bgp` Path);
 * - `wrap`: continued on following lines in the same column (SR Linux; IOS `show vrrp brief`
 *   has none, but `show ip route` long lines do): words first, then characters.
 */
export type Overflow = 'push' | 'truncate' | 'wrap';

export interface Column<R extends Row = Row> {
  /** The row field this column shows. */
  key: keyof R & string;
  /** Header text; `\n` separates header lines (boxed tables), '' for none. */
  header: string;
  /** Field width; without it the widest of the header and the cells (natural width). */
  width?: number;
  /** Data alignment in the field (default left). */
  align?: Align;
  /** Header alignment (default: `align`, but `center` in boxed tables). */
  headerAlign?: Align;
  /** Blanks before this column (fixed layouts; default 1, 0 for the first). */
  gap?: number;
  /** Fewest blanks before this column when the previous cell overflowed (default 1, 0 first). */
  minGap?: number;
  overflow?: Overflow;
  /** Text of a cell (default: String(value), '' for null/undefined). */
  format?: (v: CellValue, row: R) => string;
}

export interface TableModel<R extends Row = Row> {
  columns: Column<R>[];
  rows: R[];
}

/** One cell's text. */
export function cellText<R extends Row>(c: Column<R>, row: R): string {
  const v = row[c.key];
  if (c.format) return c.format(v, row);
  return v === null || v === undefined ? '' : String(v);
}

/** The model as header and cell strings (what the freeRtr renderers take). */
export function textRows<R extends Row>(m: TableModel<R>): { headers: string[]; rows: string[][] } {
  return { headers: m.columns.map((c) => c.header), rows: m.rows.map((r) => m.columns.map((c) => cellText(c, r))) };
}

/** `s` placed in a field of `w` (longer text is returned whole). Center puts the odd blank right. */
export function alignIn(s: string, w: number, a: Align = 'left'): string {
  const n = w - s.length;
  if (n <= 0) return s;
  if (a === 'right') return ' '.repeat(n) + s;
  if (a === 'center') return ' '.repeat(Math.floor(n / 2)) + s + ' '.repeat(n - Math.floor(n / 2));
  return s + ' '.repeat(n);
}

/**
 * Python textwrap as SR Linux's CLI (a Python program) wraps its cells: chunks are words and
 * hyphenated parts (`Route-` `distinguisher`); a chunk longer than the width is cut, its first
 * part filling the current line (`Route-distin` / `guisher` in 12, `IN_SYNC/T` / `rue/True/`).
 */
export function wrapText(s: string, width: number): string[] {
  if (width <= 0) return [s];
  const out: string[] = [];
  for (const para of s.split('\n')) {
    // Chunks: runs of blanks, and words split after a hyphen between letters.
    const chunks = para
      .split(/(\s+)/)
      .flatMap((w) => (/^\s+$/.test(w) ? [w] : w.split(/(?<=[A-Za-z]-)(?=[A-Za-z])/)))
      .filter((c) => c !== '')
      .reverse();
    const before = out.length;
    while (chunks.length) {
      const cur: string[] = [];
      let len = 0;
      if (/^\s+$/.test(chunks[chunks.length - 1])) chunks.pop();
      while (chunks.length && len + chunks[chunks.length - 1].length <= width) {
        const c = chunks.pop()!;
        cur.push(c);
        len += c.length;
      }
      if (chunks.length && chunks[chunks.length - 1].length > width) {
        const room = width - len;
        if (room > 0) {
          const c = chunks.pop()!;
          cur.push(c.slice(0, room));
          chunks.push(c.slice(room));
        }
      }
      if (cur.length && /^\s+$/.test(cur[cur.length - 1])) cur.pop();
      if (cur.length) out.push(cur.join(''));
    }
    if (out.length === before) out.push('');
  }
  return out;
}
