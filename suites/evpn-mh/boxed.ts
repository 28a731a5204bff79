/**
 * SR Linux's boxed tables compared by content, not by drawing. The document's outputs were cut
 * from a web page whose extraction broke the rulers (`---------    -----------`, `+=========    +`,
 * ERRATA.md) and SR Linux wraps cells over several lines to fit its terminal width, so a golden
 * check compares, per line of text, the words, and per table row the cells: a row's continuation
 * lines (first cell empty) are joined to it cell by cell, and each cell's blanks are dropped
 * ("00:C1:AB:00:00:" + "11", "Statu" + "s", "IN_SYNC/T" + "rue/True/" + "True"). Ruler lines
 * (only `-`, `=`, `+` and blanks) are left out. Masks replace the cells of named columns (by
 * their joined header) and text matched by patterns, before the comparison.
 */

export interface BoxedMasks {
  /** Header names (blanks dropped, case kept: "LastUpdate", "DestIndex") whose cells become `*`. */
  columns?: readonly string[];
  /** Text replaced on non-table lines ("Last Change : <time>"). */
  text?: ReadonlyArray<[RegExp, string]>;
}

const isRuler = (l: string): boolean => /^[\s\-=+]*$/.test(l) && /[-=]/.test(l);
const isRow = (l: string): boolean => /^\s*\|.*\|\s*$/.test(l);
const cellsOf = (l: string): string[] => l.trim().slice(1, -1).split('|').map((c) => c.replace(/\s+/g, ''));

/** The content of an SR Linux output: one entry per text line or table row, masked. */
export function boxedContent(text: string, masks: BoxedMasks = {}): string[] {
  const out: string[] = [];
  let header: string[] | undefined; // the current table's joined header
  let row: string[] | undefined; // the row being joined
  let inHeader = false;
  let masked: number[] = [];
  const flush = (): void => {
    if (!row) return;
    if (inHeader) {
      header = row;
      masked = header.map((h, i) => ((masks.columns ?? []).includes(h) ? i : -1)).filter((i) => i >= 0);
      out.push(`| ${row.join(' | ')} |`);
    } else {
      out.push(`| ${row.map((c, i) => (masked.includes(i) ? '*' : c)).join(' | ')} |`);
    }
    row = undefined;
  };
  for (const raw of text.replace(/\r/g, '').split('\n')) {
    const l = raw.replace(/\s+$/, '');
    if (isRow(l)) {
      const cells = cellsOf(l);
      if (row && cells.length === row.length && (inHeader || cells[0] === '')) {
        row = row.map((c, i) => c + (cells[i] ?? ''));
        continue;
      }
      flush();
      if (header === undefined) inHeader = true;
      row = cells;
      continue;
    }
    flush();
    if (isRuler(l)) {
      // "+====+" ends a header: rows follow. "+----+" before a header starts a table; after rows, ends it.
      if (/^\s*\+=/.test(l)) inHeader = false;
      else if (/^\s*\+-/.test(l) && !inHeader && header !== undefined) header = undefined;
      continue;
    }
    if (l.trim() === '') continue;
    header = undefined;
    inHeader = false;
    let t = l.trim().replace(/\s+/g, ' ');
    for (const [re, by] of masks.text ?? []) t = t.replace(re, by);
    out.push(t);
  }
  flush();
  return out;
}

/** A unified-style list of the differences (document lines `-`, device lines `+`), empty when equal. */
export function boxedDiff(expected: readonly string[], actual: readonly string[]): string {
  if (expected.length === actual.length && expected.every((e, i) => e === actual[i])) return '';
  // LCS over lines: short outputs, quadratic is fine.
  const n = expected.length;
  const m = actual.length;
  const L: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) L[i][j] = expected[i] === actual[j] ? L[i + 1][j + 1] + 1 : Math.max(L[i + 1][j], L[i][j + 1]);
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && expected[i] === actual[j]) {
      out.push(`  ${expected[i]}`);
      i++;
      j++;
    } else if (j < m && (i === n || L[i][j + 1] >= L[i + 1][j])) out.push(`+ ${actual[j++]}`);
    else out.push(`- ${expected[i++]}`);
  }
  return out.join('\n');
}
