// freeRtr tables, in both of its formats, read into rows of named cells.
//
// fancy (`terminal table fancy`):          normal (the default):
//  |~~~~~~|~~~~~~~~~~~~|~~~~~~~~|          typ   prefix      metric
//  | typ  | prefix     | metric |          C     1.1.1.0/30  0/0
//  |------|------------|--------|          P EX  2.2.2.1/32  80/10
//  | C    | 1.1.1.0/30 | 0/0    |
//  | P EX | 2.2.2.1/32 | 80/10  |
//  |______|____________|________|
//
// In the normal format columns are left-aligned under their header and at least two spaces apart;
// a value may hold one space ("P EX"). Cells are cut at the header's column starts; a row that does
// not leave two spaces before each column start is split on runs of 2+ spaces instead, and if that
// does not give one value per column either, it is a ParseError: never a silently shifted row.
import { ParseError } from '../../errors';

export interface ParseContext {
  device?: string;
  command?: string;
}

export type TableFormat = 'fancy' | 'plain';

export interface TableRow {
  cells: Record<string, string>;
  /** The line as printed, for error messages. */
  line: string;
}

export interface Table {
  format: TableFormat;
  /** Lower-case header names, in order. */
  headers: string[];
  headerLine: string;
  rows: TableRow[];
}

export function parseError(ctx: ParseContext, line: string, reason: string): ParseError {
  return new ParseError(ctx.device ?? '', ctx.command, line, reason);
}

const BORDER = /^\|[~\-_|]*\|$/;

export function parseTable(text: string, ctx: ParseContext = {}): Table {
  const lines = text.split('\n').map((l) => l.replace(/\s+$/, ''));
  const first = lines.findIndex((l) => l.trim().length > 0);
  if (first < 0) throw parseError(ctx, text, 'empty output where a table was expected');
  const body = lines.slice(first);
  return (body[0] as string).trim().startsWith('|') ? parseFancy(body, ctx) : parsePlain(body, ctx);
}

function checkHeaders(headers: string[], line: string, ctx: ParseContext): string[] {
  const names = headers.map((h) => h.toLowerCase());
  if (names.some((h) => h.length === 0)) throw parseError(ctx, line, 'table header has an empty column name');
  if (new Set(names).size !== names.length) throw parseError(ctx, line, 'table header repeats a column name');
  return names;
}

function toRow(headers: string[], cells: string[], line: string): TableRow {
  const out: Record<string, string> = {};
  headers.forEach((h, k) => { out[h] = cells[k] as string; });
  return { cells: out, line };
}

function parseFancy(lines: string[], ctx: ParseContext): Table {
  let headers: string[] | null = null;
  let headerLine = '';
  let ended = false;
  const rows: TableRow[] = [];
  for (const line of lines) {
    const t = line.trim();
    if (t.length === 0) continue;
    if (ended) throw parseError(ctx, line, 'unexpected text after the table');
    if (BORDER.test(t)) {
      if (t.startsWith('|_')) ended = true;
      continue;
    }
    if (!(t.startsWith('|') && t.endsWith('|') && t.length >= 2)) throw parseError(ctx, line, 'not a table row');
    const cells = t.slice(1, -1).split('|').map((c) => c.trim());
    if (!headers) {
      headers = checkHeaders(cells, line, ctx);
      headerLine = line;
      continue;
    }
    if (cells.length !== headers.length) {
      throw parseError(ctx, line, `row has ${cells.length} cells, the header has ${headers.length}`);
    }
    rows.push(toRow(headers, cells, line));
  }
  if (!headers) throw parseError(ctx, lines[0] ?? '', 'table without a header row');
  return { format: 'fancy', headers, headerLine, rows };
}

interface Column {
  name: string;
  start: number;
}

/** Cuts a row at the column starts; null if a value crosses a boundary. */
function slicePositional(line: string, cols: Column[]): string[] | null {
  const firstStart = (cols[0] as Column).start;
  if (line.slice(0, firstStart).trim().length > 0) return null;
  const cells: string[] = [];
  for (let k = 0; k < cols.length; k++) {
    const start = (cols[k] as Column).start;
    // freeRtr pads every column and puts two spaces before the next: a boundary inside a value,
    // or a single space before the next column, means the row does not line up.
    if (k > 0 && start - 2 < line.length && (line[start - 1] !== ' ' || line[start - 2] !== ' ')) return null;
    const end = k + 1 < cols.length ? (cols[k + 1] as Column).start : line.length;
    const cell = line.slice(start, end).trim();
    if (/\S\s{2,}\S/.test(cell)) return null; // two values in one column: misaligned
    cells.push(cell);
  }
  return cells;
}

function parsePlain(lines: string[], ctx: ParseContext): Table {
  const headerLine = lines[0] as string;
  const cols: Column[] = [...headerLine.matchAll(/\S+(?: \S+)*/g)].map((m) => ({ name: m[0], start: m.index ?? 0 }));
  const headers = checkHeaders(cols.map((c) => c.name), headerLine, ctx);
  const rows: TableRow[] = [];
  let ended = false;
  for (const line of lines.slice(1)) {
    if (line.trim().length === 0) { ended = rows.length > 0 || ended; continue; }
    if (ended) throw parseError(ctx, line, 'unexpected text after the table');
    let cells = slicePositional(line, cols);
    if (!cells) {
      const wide = line.trim().split(/\s{2,}/);
      if (wide.length !== headers.length) {
        throw parseError(ctx, line, `row does not line up with the header's ${headers.length} columns`);
      }
      cells = wide;
    }
    rows.push(toRow(headers, cells, line));
  }
  return { format: 'plain', headers, headerLine, rows };
}

/** Throws unless the table has every one of `names` (lower case). */
export function requireColumns(table: Table, names: readonly string[], ctx: ParseContext): void {
  const missing = names.filter((n) => !table.headers.includes(n));
  if (missing.length > 0) {
    throw parseError(ctx, table.headerLine, `table lacks column(s) ${missing.join(', ')}`);
  }
}
