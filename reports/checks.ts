// One record per finished check, with its netproof verdict, computed from Playwright's test and
// result (as a reporter sees them). The terminal reporter and the Allure reporter both feed their
// tests through a VerdictTracker, so both say the same thing about every check.
//
// Verdicts:
//   passed       the check ran to its end.
//   failed       the device answered and does not conform (reports/classify.ts).
//   broken       the target or the harness broke (reports/classify.ts); also a check of a serial
//                suite that Playwright did not run because an earlier check of it broke.
//   deviation    a declared deviation (annotation "deviation", reports/attach.ts declareDeviation).
//   skipped      not run, with the reason: test.skip's own, or "an earlier check failed" for the
//                checks a serial suite did not run after a failure.
//   interrupted  the run was stopped (SIGINT) while the check ran: not finished, not counted.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { classifyErrors, ErrorLike, reasonLine, stripAnsi } from './classify';

export { targetDirName } from './allure-meta';

export type Verdict = 'passed' | 'failed' | 'broken' | 'deviation' | 'skipped' | 'interrupted';
export const VERDICTS: readonly Verdict[] = ['passed', 'failed', 'broken', 'deviation', 'skipped', 'interrupted'];

export interface CheckRecord {
  /** The target (Playwright project name). */
  target: string;
  /** The suite: folder under suites/. */
  suite: string;
  /** describe titles (the suite's own name left out) and the test title, joined with " › ". */
  title: string;
  verdict: Verdict;
  /** One line: why it did not pass (failure, broken cause, deviation, skip reason). */
  reason?: string;
  durationMs: number;
  /** recordMeasurement's figures, "key" -> "valueunit". */
  measurements: Record<string, string>;
  /** Spec file relative to the test folder, and line. */
  file?: string;
  line?: number;
}

interface Annotation { type: string; description?: string }
/** The slice of Playwright's TestCase this reads. */
export interface TestLike {
  id: string;
  title: string;
  titlePath(): string[];
  location?: { file: string; line: number };
  annotations?: readonly Annotation[];
}
/** The slice of Playwright's TestResult this reads. */
export interface ResultLike {
  status: string;
  duration: number;
  errors?: readonly ErrorLike[];
  error?: ErrorLike;
  annotations?: readonly Annotation[];
}

/** "pvrp-ecmp/pvrp-ecmp.spec.ts" -> "pvrp-ecmp"; "top.spec.ts" -> "top". */
export function suiteOf(file: string): string {
  const parts = file.replace(/\\/g, '/').split('/').filter((p) => p !== '' && p !== '.');
  const cut = parts[0] === 'suites' && parts.length > 1 ? parts.slice(1) : parts;
  if (cut.length > 1) return cut[0];
  return (cut[0] ?? '').replace(/\.(spec|test)\.[cm]?[jt]sx?$/, '');
}

/** Parses measurement annotations "key=valueunit" (split on the first "="). */
export function measurementsOf(annotations: readonly Annotation[]): Record<string, string> {
  const m: Record<string, string> = {};
  for (const a of annotations) {
    if (a.type !== 'measurement' || !a.description) continue;
    const i = a.description.indexOf('=');
    if (i <= 0) continue;
    m[a.description.slice(0, i)] = a.description.slice(i + 1);
  }
  return m;
}

function oneLine(s: string, max = 300): string {
  const flat = stripAnsi(s).replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 3)}...` : flat;
}

/** Turns each finished test into a CheckRecord; keeps per (target, suite) what broke or failed. */
export class VerdictTracker {
  private broken = new Map<string, { title: string; reason: string }>();
  private failed = new Map<string, string>();

  record(test: TestLike, result: ResultLike): CheckRecord {
    // titlePath: ['', project, file, describe..., title]
    const tp = test.titlePath();
    const target = tp[1] ?? '';
    const fileRel = tp[2] ?? test.location?.file ?? '';
    const suite = suiteOf(fileRel);
    let titles = tp.slice(3);
    if (titles.length > 1 && titles[0] === suite) titles = titles.slice(1);
    const anns = [...(test.annotations ?? []), ...(result.annotations ?? [])];
    const deviation = anns.find((a) => a.type === 'deviation');
    const errors = result.errors && result.errors.length ? result.errors : result.error ? [result.error] : [];
    const rec: CheckRecord = {
      target,
      suite,
      title: titles.join(' › '),
      verdict: 'passed',
      durationMs: Math.round(result.duration),
      measurements: measurementsOf(anns),
      file: fileRel,
    };
    if (test.location) rec.line = test.location.line;
    const key = `${target}\u0000${suite}`;
    const timeout = errors.find((e) => /timeout of \d+ms exceeded/i.test(stripAnsi(e.message ?? '')));
    switch (result.status) {
      case 'passed':
        break;
      case 'failed':
      case 'timedOut': {
        const v = classifyErrors(errors, result.status);
        rec.verdict = v;
        rec.reason = reasonLine(result.status === 'timedOut' && timeout ? timeout : errors[0]);
        if (v === 'broken' && !this.broken.has(key)) this.broken.set(key, { title: rec.title, reason: rec.reason });
        if (v === 'failed' && !this.failed.has(key)) this.failed.set(key, rec.title);
        break;
      }
      case 'skipped': {
        const skip = anns.find((a) => a.type === 'skip' || a.type === 'fixme');
        if (deviation) {
          rec.verdict = 'deviation';
          rec.reason = oneLine(deviation.description ?? '(no reason given)');
        } else if (skip) {
          rec.verdict = 'skipped';
          rec.reason = oneLine(skip.description || 'skipped without a reason');
        } else if (this.broken.has(key)) {
          // A serial suite does not run its checks after one that broke: the target is broken for them.
          const b = this.broken.get(key)!;
          rec.verdict = 'broken';
          rec.reason = `not run: the target broke in "${b.title}"`;
        } else if (this.failed.has(key)) {
          rec.verdict = 'skipped';
          rec.reason = `not run: "${this.failed.get(key)}" failed before it (serial suite)`;
        } else {
          rec.verdict = 'skipped';
          rec.reason = 'skipped without a reason';
        }
        break;
      }
      case 'interrupted':
        rec.verdict = 'interrupted';
        rec.reason = 'the run was interrupted while it ran';
        break;
      default:
        // Unknown status: never call it a pass.
        rec.verdict = 'failed';
        rec.reason = `unexpected Playwright status "${result.status}"`;
    }
    // A declared deviation is never a pass; a failure stays a failure even after declaring one.
    if (deviation && rec.verdict === 'passed') {
      rec.verdict = 'deviation';
      rec.reason = oneLine(deviation.description ?? '(no reason given)');
    }
    return rec;
  }
}

/** What a run leaves in reports/output/<target>/results.json (read by the summary and compare). */
export interface ResultsFile {
  format: 'netproof-results';
  version: 1;
  target: string;
  /** Playwright's overall status: passed, failed, timedout, interrupted; "incomplete" if read from the stream. */
  status: string;
  durationMs: number;
  /** How many checks the run had when it started (absent when read from the stream). */
  planned?: number;
  checks: CheckRecord[];
}

export const RESULTS_FILE_NAME = 'results.json';
export const CHECKS_STREAM_NAME = 'checks.jsonl';

function isRecord(x: unknown): x is CheckRecord {
  const r = x as CheckRecord;
  return !!r && typeof r === 'object' && typeof r.title === 'string' && typeof r.suite === 'string' && VERDICTS.includes(r.verdict);
}

/**
 * Reads the checks of a run from a folder (reports/output/<target>/) or a file: netproof's
 * results.json, or the checks.jsonl stream (what exists after a run was killed: every finished
 * check; a torn last line is ignored).
 */
export function readResults(fileOrDir: string): ResultsFile {
  let file = fileOrDir;
  if (fs.existsSync(fileOrDir) && fs.statSync(fileOrDir).isDirectory()) {
    const res = path.join(fileOrDir, RESULTS_FILE_NAME);
    file = fs.existsSync(res) ? res : path.join(fileOrDir, CHECKS_STREAM_NAME);
  }
  const text = fs.readFileSync(file, 'utf8');
  if (file.endsWith('.jsonl')) {
    const checks: CheckRecord[] = [];
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      try {
        const r = JSON.parse(line) as unknown;
        if (isRecord(r)) checks.push(r);
      } catch {
        // the line being written when the run was killed
      }
    }
    const target = checks[0]?.target ?? path.basename(path.dirname(path.resolve(file)));
    return { format: 'netproof-results', version: 1, target, status: 'incomplete', durationMs: checks.reduce((n, c) => n + c.durationMs, 0), checks };
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new Error(`${file}: not JSON: ${(e as Error).message}`, { cause: e });
  }
  const d = doc as Partial<ResultsFile>;
  if (d.format !== 'netproof-results' || !Array.isArray(d.checks) || typeof d.target !== 'string') {
    throw new Error(`${file}: not a netproof results file (expected "format": "netproof-results" with "target" and "checks")`);
  }
  const bad = d.checks.findIndex((c) => !isRecord(c));
  if (bad >= 0) throw new Error(`${file}: check ${bad + 1} is not a check record (suite, title, verdict)`);
  const out: ResultsFile = { format: 'netproof-results', version: 1, target: d.target, status: typeof d.status === 'string' ? d.status : 'unknown', durationMs: typeof d.durationMs === 'number' ? d.durationMs : 0, checks: d.checks };
  if (typeof d.planned === 'number') out.planned = d.planned;
  return out;
}
