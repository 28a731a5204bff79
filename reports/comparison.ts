// The vendor comparison: several targets' results (reports/checks.ts ResultsFile) as one matrix,
// suites down the side, their checks within them, one column per target; each cell the check's
// verdict there (passed; failed, broken or skipped with the first line of the reason; deviation
// with its reason; "not run" where the target has no such check), and the measured figures
// (recordMeasurement: convergence, detection, withdrawal, switchover, lost packets) side by side.
// Rendered as one self-contained HTML page (inline CSS, no script, no external asset) and JSON.
import type { CheckRecord, ResultsFile, Verdict } from './checks';

export type CellVerdict = Verdict | 'not run';

export interface Cell {
  verdict: CellVerdict;
  reason?: string;
}

export interface ComparedCheck {
  title: string;
  /** target -> cell */
  cells: Record<string, Cell>;
  /** target -> figure -> value with unit */
  measurements: Record<string, Record<string, string>>;
}

export interface ComparedSuite {
  suite: string;
  checks: ComparedCheck[];
}

export interface MeasurementRow {
  suite: string;
  check: string;
  figure: string;
  /** target -> value with unit ("" where the target has none) */
  values: Record<string, string>;
}

export interface Comparison {
  format: 'netproof-comparison';
  version: 1;
  targets: string[];
  /** target -> verdict -> count */
  totals: Record<string, Record<CellVerdict, number>>;
  suites: ComparedSuite[];
  measurements: MeasurementRow[];
}

const ORDER: CellVerdict[] = ['passed', 'failed', 'broken', 'deviation', 'skipped', 'interrupted', 'not run'];

function firstLine(s: string | undefined): string | undefined {
  if (s === undefined) return undefined;
  return s.split(/\r?\n/).map((l) => l.trim()).find((l) => l !== '') ?? '';
}

/** Builds the matrix. Two result sets with the same target name get "#2", "#3" appended. */
export function compareResults(results: readonly ResultsFile[]): Comparison {
  const targets: string[] = [];
  for (const r of results) {
    let name = r.target || 'target';
    for (let i = 2; targets.includes(name); i++) name = `${r.target}#${i}`;
    targets.push(name);
  }
  const suiteOrder: string[] = [];
  const checkOrder = new Map<string, string[]>();
  const byKey = new Map<string, Map<string, CheckRecord>>(); // suite\0title -> target -> record
  results.forEach((r, i) => {
    for (const c of r.checks) {
      if (!suiteOrder.includes(c.suite)) suiteOrder.push(c.suite);
      const titles = checkOrder.get(c.suite) ?? [];
      if (!titles.includes(c.title)) titles.push(c.title);
      checkOrder.set(c.suite, titles);
      const key = `${c.suite}\u0000${c.title}`;
      const m = byKey.get(key) ?? new Map<string, CheckRecord>();
      if (!m.has(targets[i])) m.set(targets[i], c);
      byKey.set(key, m);
    }
  });
  const totals: Record<string, Record<CellVerdict, number>> = {};
  for (const t of targets) totals[t] = Object.fromEntries(ORDER.map((v) => [v, 0])) as Record<CellVerdict, number>;
  const suites: ComparedSuite[] = [];
  const measurements: MeasurementRow[] = [];
  for (const suite of suiteOrder) {
    const checks: ComparedCheck[] = [];
    for (const title of checkOrder.get(suite) ?? []) {
      const m = byKey.get(`${suite}\u0000${title}`)!;
      const row: ComparedCheck = { title, cells: {}, measurements: {} };
      const figures: string[] = [];
      for (const t of targets) {
        const c = m.get(t);
        const cell: Cell = c ? { verdict: c.verdict } : { verdict: 'not run' };
        const reason = firstLine(c?.reason);
        if (c && c.verdict !== 'passed' && reason) cell.reason = reason;
        row.cells[t] = cell;
        totals[t][cell.verdict]++;
        row.measurements[t] = { ...(c?.measurements ?? {}) };
        for (const f of Object.keys(c?.measurements ?? {})) if (!figures.includes(f)) figures.push(f);
      }
      for (const f of figures) {
        measurements.push({ suite, check: title, figure: f, values: Object.fromEntries(targets.map((t) => [t, row.measurements[t][f] ?? ''])) });
      }
      checks.push(row);
    }
    suites.push({ suite, checks });
  }
  return { format: 'netproof-comparison', version: 1, targets, totals, suites, measurements };
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const CSS = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #1b1b1b; }
h1 { font-size: 1.4em; } h2 { font-size: 1.15em; margin-top: 2em; }
table { border-collapse: collapse; margin: 0.5em 0; }
th, td { border: 1px solid #c8c8c8; padding: 0.3em 0.6em; text-align: left; vertical-align: top; }
thead th { background: #eef0f3; position: sticky; top: 0; }
th.suite { background: #dfe6ee; font-size: 1.05em; }
td.check { max-width: 38em; }
td.v { min-width: 9em; max-width: 28em; }
.v .verdict { font-weight: 600; }
.v .reason { display: block; font-size: 0.9em; color: #333; }
.v-passed { background: #e3f4e1; } .v-failed { background: #fadbd8; } .v-broken { background: #fbe7c6; }
.v-deviation { background: #e4e6f7; } .v-skipped, .v-interrupted, .v-not-run { background: #f1f1f1; color: #555; }
td.num { font-variant-numeric: tabular-nums; text-align: right; }
`;

function cellHtml(c: Cell): string {
  const cls = `v v-${c.verdict.replace(/ /g, '-')}`;
  const reason = c.reason ? `<span class="reason">${escapeHtml(c.reason)}</span>` : '';
  return `<td class="${cls}" data-verdict="${escapeHtml(c.verdict)}"><span class="verdict">${escapeHtml(c.verdict)}</span>${reason}</td>`;
}

/** The page: totals, the matrix, the measured figures. Self-contained. */
export function renderComparisonHtml(c: Comparison, title = 'netproof: vendor comparison'): string {
  const head = c.targets.map((t) => `<th scope="col" class="target">${escapeHtml(t)}</th>`).join('');
  const totals = c.targets
    .map((t) => {
      const parts = ORDER.filter((v) => c.totals[t][v] > 0).map((v) => `${c.totals[t][v]} ${v}`);
      return `<td>${escapeHtml(parts.join(', ') || 'no checks')}</td>`;
    })
    .join('');
  const rows: string[] = [];
  for (const s of c.suites) {
    rows.push(`<tr><th class="suite" colspan="${c.targets.length + 1}" scope="rowgroup">${escapeHtml(s.suite)}</th></tr>`);
    for (const k of s.checks) {
      rows.push(`<tr><td class="check">${escapeHtml(k.title)}</td>${c.targets.map((t) => cellHtml(k.cells[t])).join('')}</tr>`);
    }
  }
  const mrows = c.measurements.map(
    (m) =>
      `<tr><td>${escapeHtml(m.suite)}</td><td class="check">${escapeHtml(m.check)}</td><td>${escapeHtml(m.figure)}</td>${c.targets
        .map((t) => `<td class="num">${escapeHtml(m.values[t] || '–')}</td>`)
        .join('')}</tr>`,
  );
  const measurements = mrows.length
    ? `<table id="measurements"><thead><tr><th>suite</th><th>check</th><th>figure</th>${head}</tr></thead><tbody>\n${mrows.join('\n')}\n</tbody></table>`
    : '<p id="measurements">No check recorded a measurement.</p>';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${CSS}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p>${c.targets.length} target${c.targets.length === 1 ? '' : 's'}: ${c.targets.map(escapeHtml).join(', ')}. A deviation is declared by the suite for that target, with its reason; "not run" means the target's results have no such check.</p>
<table id="totals"><thead><tr><th></th>${head}</tr></thead><tbody><tr><th scope="row">totals</th>${totals}</tr></tbody></table>
<h2>Checks</h2>
<table id="matrix"><thead><tr><th scope="col">check</th>${head}</tr></thead><tbody>
${rows.join('\n')}
</tbody></table>
<h2>Measured figures</h2>
${measurements}
</body>
</html>
`;
}
