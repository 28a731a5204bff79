/** Medians and ranges over repeated runs, and the table printer. */

export interface Summary {
  n: number;
  median: number;
  min: number;
  max: number;
}

export function summarize(values: number[]): Summary {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return { n: 0, median: NaN, min: NaN, max: NaN };
  const mid = v.length >> 1;
  const median = v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
  return { n: v.length, median, min: v[0], max: v[v.length - 1] };
}

export function fmt(x: number, digits = 1): string {
  if (!Number.isFinite(x)) return '-';
  return x.toFixed(digits);
}

export interface Row {
  metric: string;
  unit: string;
  s: Summary;
  digits?: number;
  target?: string;
  verdict?: string;
}

/** A plain-text table: metric, median, min, max, n, target, verdict. */
export function table(rows: Row[]): string {
  const head = ['metric', 'unit', 'median', 'min', 'max', 'n', 'target', 'verdict'];
  const body = rows.map((r) => [
    r.metric,
    r.unit,
    fmt(r.s.median, r.digits),
    fmt(r.s.min, r.digits),
    fmt(r.s.max, r.digits),
    String(r.s.n),
    r.target ?? '',
    r.verdict ?? '',
  ]);
  const all = [head, ...body];
  const width = head.map((_, c) => Math.max(...all.map((row) => row[c].length)));
  const right = new Set([2, 3, 4, 5]);
  const line = (row: string[]) =>
    row
      .map((cell, c) => (right.has(c) ? cell.padStart(width[c]) : cell.padEnd(width[c])))
      .join('  ')
      .trimEnd();
  return [line(head), width.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}
