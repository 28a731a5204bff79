// The run summary, from netproof's own per-check records (reports/checks.ts): the results.json
// a finished run writes, or the checks.jsonl stream a killed run leaves. It lists only what did
// not pass (each with its reason: the failure, the broken cause, the deviation, why a check was
// skipped), then the counts, ending with exactly "N passed, N failed, N broken, N deviations".
import { CheckRecord, ResultsFile, Verdict, readResults } from './checks';
import { checkLine } from './terminal-reporter';

export interface RunSummary {
  target: string;
  /** Playwright's status of the run, or "incomplete" (read from the stream of a killed run). */
  status: string;
  counts: Record<Verdict, number>;
  durationMs: number;
  planned?: number;
  checks: CheckRecord[];
}

export function summarizeResults(r: ResultsFile): RunSummary {
  const counts: Record<Verdict, number> = { passed: 0, failed: 0, broken: 0, deviation: 0, skipped: 0, interrupted: 0 };
  for (const c of r.checks) counts[c.verdict]++;
  const s: RunSummary = { target: r.target, status: r.status, counts, durationMs: r.durationMs, checks: r.checks };
  if (r.planned !== undefined) s.planned = r.planned;
  return s;
}

/** Reads a target's results (reports/output/<target>/, its results.json or checks.jsonl). */
export function readSummary(fileOrDir: string): RunSummary {
  return summarizeResults(readResults(fileOrDir));
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The counts line, exactly "N passed, N failed, N broken, N deviations". */
export function countsLine(s: RunSummary): string {
  const c = s.counts;
  return `${c.passed} passed, ${c.failed} failed, ${c.broken} broken, ${plural(c.deviation, 'deviation', 'deviations')}`;
}

/** The closing summary: what did not pass, one line each with its reason, then the counts. */
export function formatSummary(s: RunSummary): string {
  const lines: string[] = [];
  const secs = (s.durationMs / 1000).toFixed(1);
  const done = s.checks.filter((c) => c.verdict !== 'interrupted').length;
  let head = `netproof: target ${s.target}, ${plural(done, 'check', 'checks')} finished in ${secs} s`;
  if (s.planned !== undefined && s.planned !== done) head += ` (of ${s.planned})`;
  if (s.status === 'interrupted') head += ', run interrupted';
  if (s.status === 'incomplete') head += ', run did not finish (read from checks.jsonl)';
  lines.push(head);
  for (const c of s.checks) if (c.verdict !== 'passed') lines.push(`  ${checkLine(c)}`);
  const extra: string[] = [];
  if (s.counts.skipped) extra.push(`${s.counts.skipped} skipped`);
  if (s.counts.interrupted) extra.push(`${s.counts.interrupted} interrupted`);
  if (s.planned !== undefined && s.planned > s.checks.length) extra.push(`${s.planned - s.checks.length} not run`);
  if (extra.length) lines.push(extra.join(', '));
  lines.push(countsLine(s));
  return lines.join('\n') + '\n';
}

/**
 * Exit code of `netproof run` for one target: 1 if a check failed, else 3 if a check broke
 * (the target or harness broke and nothing failed), else 0 (deviations and skips do not fail).
 */
export function exitCodeOf(s: RunSummary): number {
  if (s.counts.failed > 0) return 1;
  if (s.counts.broken > 0) return 3;
  return 0;
}
