/**
 * Golden checks: the document's outputs kept verbatim in `golden/`, volatile columns masked,
 * compared with the `diff` package. Golden files change only through `netproof golden`.
 */
import { createTwoFilesPatch } from 'diff';

/** Lines of a freeRtr "fancy" table, or of any text, normalised: CRLF, trailing blanks. */
export function normalise(text: string): string {
  return text
    .replace(/\r/g, '')
    .split('\n')
    .map((l) => l.replace(/\s+$/, ''))
    .join('\n')
    .replace(/^\n+|\n+$/g, '');
}

/**
 * Mask the cells of the named columns of a `|`-table (freeRtr fancy form): every character of
 * the cell becomes `x` except the separators, so widths still count but values do not.
 */
export function maskColumns(text: string, columns: readonly string[]): string {
  const lines = text.split('\n');
  let spans: Array<[number, number]> = [];
  const out: string[] = [];
  for (const l of lines) {
    if (/^\s*\|.*\|\s*$/.test(l) && !/^\s*\|[~_-]/.test(l)) {
      const cells = cellSpans(l);
      const names = cells.map(([a, b]) => l.slice(a, b).trim().toLowerCase());
      if (spans.length === 0 || names.some((n) => columns.includes(n))) {
        const idx = names.map((n, i) => (columns.includes(n) ? i : -1)).filter((i) => i >= 0);
        if (idx.length) {
          spans = idx.map((i) => cells[i]);
          out.push(l);
          continue;
        }
      }
      let m = l;
      for (const [a, b] of spans) m = m.slice(0, a) + m.slice(a, b).replace(/[^\s]/g, 'x') + m.slice(b);
      out.push(m);
      continue;
    }
    out.push(l);
  }
  return out.join('\n');
}

function cellSpans(l: string): Array<[number, number]> {
  const bars: number[] = [];
  for (let i = 0; i < l.length; i++) if (l[i] === '|') bars.push(i);
  const out: Array<[number, number]> = [];
  for (let i = 0; i + 1 < bars.length; i++) out.push([bars[i] + 1, bars[i + 1]]);
  return out;
}

export interface GoldenResult {
  ok: boolean;
  diff: string;
  expected: string;
  actual: string;
}

export function compareGolden(name: string, expected: string, actual: string, maskCols: readonly string[]): GoldenResult {
  const e = maskColumns(normalise(expected), maskCols);
  const a = maskColumns(normalise(actual), maskCols);
  const ok = e === a;
  const diff = ok ? '' : createTwoFilesPatch(`${name} (document)`, `${name} (device)`, e + '\n', a + '\n');
  return { ok, diff, expected: e, actual: a };
}

/** Extract `host#command` blocks followed by a `|`-table from a document. */
export function extractTables(doc: string): Array<{ host: string; command: string; text: string }> {
  const lines = doc.split('\n').map((l) => l.replace(/^ {4}/, ''));
  const out: Array<{ host: string; command: string; text: string }> = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^([\w.-]+)#(show .+)$/.exec(lines[i].trim());
    if (!m) continue;
    let j = i + 1;
    while (j < lines.length && lines[j].trim() === `${m[1]}#${m[2]}`) j++;
    const table: string[] = [];
    while (j < lines.length && /^\s*\|/.test(lines[j])) table.push(lines[j++]);
    if (table.length) {
      out.push({ host: m[1], command: m[2], text: table.join('\n') + '\n' });
      i = j - 1;
    }
  }
  return out;
}

export function slug(command: string): string {
  return command.trim().replace(/[^\w.-]+/g, '-');
}
