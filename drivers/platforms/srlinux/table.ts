// SR Linux's boxed tables, read by cell. A table is
//
//   +------+-----------+        <- top ruler
//   | Head | Wrapped   |        <- header rows (a header cell may wrap over several rows)
//   |      | head      |
//   +======+===========+        <- header separator
//   | a    | 00:C1:AB: |        <- a data row
//   |      | 00:00:11  |        <- its continuation: first cell empty, the other cells wrapped
//   +------+-----------+        <- bottom ruler
//
// SR Linux wraps a cell at its column width: inside a word when the word is longer than the
// column ("00:C1:AB:00:00:" / "11", "IN_SYNC/T" / "rue/True/" / "True"), after a "-"
// ("iBGP-" / "overlay"), or at a space ("vxlan-interface:vxlan1.1" / "esi:01:..."). A fragment
// that fills its column, or ends with "-", joins the next one without a space; any other joins
// with one. Cells are split on "|", not on the ruler's "+" columns: some captures (the evpn-mh
// document's advertised-routes tables) have rulers whose columns do not line up with the rows.
// The line above a table (its title, "Type 1 Ethernet Auto-Discovery Routes") is kept.

export interface BoxedTable {
  /** The nearest text line above the top ruler (not a "----" rule), trimmed; '' if none. */
  title: string;
  /** Header cells with wrapped fragments joined. */
  headers: string[];
  /** headers normalized for lookup: lower case, letters and digits only ("Oper state" -> "operstate"). */
  keys: string[];
  /** Logical rows: each is the physical rows (cells with their column width) of one record. */
  rows: Array<Array<Array<{ text: string; width: number }>>>;
  /** Line index (0-based) of the top ruler in the input. */
  line: number;
}

const RULER = /^\+[-=+ ]*\+$/;
const isRule = (l: string): boolean => /^-{5,}[- ]*$/.test(l) || /^={5,}$/.test(l);

/** The cells of one "| a | b |" row with each cell's raw width. */
function cellsOf(line: string): Array<{ text: string; width: number }> {
  const inner = line.replace(/^\|/, '').replace(/\|$/, '');
  return inner.split('|').map((raw) => ({ text: raw.trim(), width: raw.length }));
}

export const normKey = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Joins the fragments of one wrapped cell. */
export function joinFragments(frags: ReadonlyArray<{ text: string; width: number }>): string {
  let out = '';
  let prev: { text: string; width: number } | undefined;
  for (const f of frags) {
    if (f.text === '') continue;
    if (prev === undefined) out = f.text;
    else {
      const filled = prev.text.length >= prev.width - 2 || prev.text.endsWith('-');
      out += (filled ? '' : ' ') + f.text;
    }
    prev = f;
  }
  return out;
}

/** Joins the physical rows of a logical row column by column. */
export function joinRow(row: ReadonlyArray<ReadonlyArray<{ text: string; width: number }>>): string[] {
  const n = Math.max(...row.map((r) => r.length));
  const out: string[] = [];
  for (let c = 0; c < n; c++) out.push(joinFragments(row.map((r) => r[c] ?? { text: '', width: 0 })));
  return out;
}

/** Every boxed table of `text`, in order. */
export function parseBoxedTables(text: string): BoxedTable[] {
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  const out: BoxedTable[] = [];
  let i = 0;
  while (i < lines.length) {
    if (!RULER.test(lines[i]) || !lines[i + 1]?.startsWith('|')) {
      i++;
      continue;
    }
    const start = i;
    let title = '';
    for (let k = i - 1; k >= 0; k--) {
      const l = lines[k];
      if (l === '' || isRule(l)) continue;
      if (RULER.test(l) || l.startsWith('|')) break;
      title = l;
      break;
    }
    i++;
    const head: Array<Array<{ text: string; width: number }>> = [];
    while (i < lines.length && lines[i].startsWith('|')) head.push(cellsOf(lines[i++]));
    const rows: BoxedTable['rows'] = [];
    if (i < lines.length && /^\+=/.test(lines[i])) {
      i++;
      while (i < lines.length && (lines[i].startsWith('|') || (RULER.test(lines[i]) && lines[i + 1]?.startsWith('|') && !/^\+=/.test(lines[i + 2] ?? '')))) {
        if (RULER.test(lines[i])) {
          i++; // a ruler between row groups
          continue;
        }
        const cells = cellsOf(lines[i++]);
        if (cells[0].text === '' && rows.length > 0) rows[rows.length - 1].push(cells);
        else rows.push([cells]);
      }
    }
    const headers = joinRow(head);
    out.push({ title, headers, keys: headers.map(normKey), rows, line: start });
    while (i < lines.length && RULER.test(lines[i])) i++;
  }
  return out;
}

/** A logical row as a record keyed by normalized header; missing cells are ''. */
export function rowRecord(t: BoxedTable, row: BoxedTable['rows'][number]): Record<string, string> {
  const cells = joinRow(row);
  const rec: Record<string, string> = {};
  t.keys.forEach((k, ix) => (rec[k] = cells[ix] ?? ''));
  return rec;
}

/** `Key : value` lines (SR Linux detail views; two pairs on one line split on runs of spaces). */
export function keyValues(text: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line.includes(':') || line.startsWith('|') || line.startsWith('+')) continue;
    // "Admin State          : enable              Oper State        : up"
    const re = /([A-Za-z][\w ./()-]*?)\s*:\s(\s*)(.*?)(?=\s{2,}[A-Za-z][\w ./()-]*?\s*:\s|$)/g;
    for (let r = re.exec(line); r; r = re.exec(line)) {
      const k = normKey(r[1]);
      if (k && !m.has(k)) m.set(k, r[3].trim());
    }
  }
  return m;
}
