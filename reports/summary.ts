// The run summary: reads Playwright's JSON report (reports/output/results.json, written by the
// `json` reporter in playwright.config.ts) and counts passes, failures, declared deviations,
// skips and flaky tests. A test carrying an annotation of type 'deviation'
// (reports/attach.ts declareDeviation) is a deviation: never a pass, never a plain skip.
import * as fs from 'node:fs';
import { JSON_RESULTS_FILE } from './allure-meta';

export type CheckStatus = 'passed' | 'failed' | 'deviation' | 'skipped' | 'flaky';

export interface TestSummary {
  /** The suite: the folder under suites/ (or the spec file's base name). */
  suite: string;
  /** describe titles and the test title, joined with " › ". */
  title: string;
  /** Playwright project, i.e. the target. */
  project: string;
  status: CheckStatus;
  /** Playwright's status of the last attempt: passed, failed, timedOut, skipped, interrupted. */
  lastResult?: string;
  durationMs: number;
  deviation?: string;
  measurements: Record<string, string>;
}

export interface RunSummary {
  target?: string;
  passed: number;
  /** Failed tests, plus errors outside any test (a spec that did not load), which fail the run too. */
  failed: number;
  deviations: number;
  skipped: number;
  flaky: number;
  /** Errors reported outside tests (already counted in `failed`). */
  errors: number;
  durationMs: number;
  perTest: TestSummary[];
}

// The slice of Playwright's JSONReport this reads (see @playwright/test/reporter JSONReport).
interface JsonAnnotation { type: string; description?: string }
interface JsonResult { status?: string; duration?: number; retry?: number; annotations?: JsonAnnotation[] }
interface JsonTest { projectName?: string; status?: string; annotations?: JsonAnnotation[]; results?: JsonResult[] }
interface JsonSpec { title: string; file?: string; tests?: JsonTest[] }
interface JsonSuite { title: string; file?: string; specs?: JsonSpec[]; suites?: JsonSuite[] }
interface JsonReport {
  config?: { metadata?: Record<string, unknown>; projects?: Array<{ name?: string }> };
  suites?: JsonSuite[];
  errors?: unknown[];
  stats?: { duration?: number };
}

function asArray<T>(v: T[] | undefined): T[] {
  return Array.isArray(v) ? v : [];
}

/** "pvrp-ecmp/pvrp-ecmp.spec.ts" -> "pvrp-ecmp"; "top.spec.ts" -> "top". */
export function suiteOf(file: string): string {
  const parts = file.replace(/\\/g, '/').split('/').filter((p) => p !== '' && p !== '.');
  const cut = parts[0] === 'suites' && parts.length > 1 ? parts.slice(1) : parts;
  if (cut.length > 1) return cut[0];
  return (cut[0] ?? '').replace(/\.(spec|test)\.[cm]?[jt]sx?$/, '');
}

function annotationsOf(test: JsonTest): JsonAnnotation[] {
  const seen = new Set<string>();
  const out: JsonAnnotation[] = [];
  const results = asArray(test.results);
  const last = results[results.length - 1];
  for (const a of [...asArray(test.annotations), ...asArray(last?.annotations)]) {
    if (!a || typeof a.type !== 'string') continue;
    const key = `${a.type}\u0000${a.description ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(a);
  }
  return out;
}

/** Parses measurement annotations "key=valueunit" (split on the first "="). */
export function measurementsOf(annotations: readonly JsonAnnotation[]): Record<string, string> {
  const m: Record<string, string> = {};
  for (const a of annotations) {
    if (a.type !== 'measurement' || !a.description) continue;
    const i = a.description.indexOf('=');
    if (i <= 0) continue;
    m[a.description.slice(0, i)] = a.description.slice(i + 1);
  }
  return m;
}

function classify(test: JsonTest, deviation: string | undefined): CheckStatus {
  // A failure is a failure even if the test went on to declare a deviation.
  if (test.status === 'unexpected') return 'failed';
  if (deviation !== undefined) return 'deviation';
  if (test.status === 'flaky') return 'flaky';
  if (test.status === 'skipped') return 'skipped';
  if (test.status === 'expected') return 'passed';
  // Unknown status: do not call it a pass.
  return 'failed';
}

/** Computes the summary from a parsed Playwright JSON report. */
export function summarize(report: unknown): RunSummary {
  const r = (report && typeof report === 'object' ? report : {}) as JsonReport;
  const perTest: TestSummary[] = [];

  const walk = (suite: JsonSuite, titles: string[], file: string): void => {
    const f = suite.file ?? file;
    for (const spec of asArray(suite.specs)) {
      for (const test of asArray(spec.tests)) {
        const anns = annotationsOf(test);
        const dev = anns.find((a) => a.type === 'deviation');
        const deviation = dev ? (dev.description ?? '') : undefined;
        const results = asArray(test.results);
        const t: TestSummary = {
          suite: suiteOf(spec.file ?? f),
          title: [...titles, spec.title].join(' › '),
          project: test.projectName ?? '',
          status: classify(test, deviation),
          lastResult: results[results.length - 1]?.status,
          durationMs: results.reduce((n, x) => n + (typeof x.duration === 'number' ? x.duration : 0), 0),
          measurements: measurementsOf(anns),
        };
        if (deviation !== undefined) t.deviation = deviation;
        perTest.push(t);
      }
    }
    for (const child of asArray(suite.suites)) walk(child, [...titles, child.title], f);
  };
  // Top-level suites are files: their title is the file path, not a describe title.
  for (const s of asArray(r.suites)) walk(s, [], s.file ?? s.title);

  const count = (st: CheckStatus): number => perTest.filter((t) => t.status === st).length;
  const errors = asArray(r.errors).length;
  const metaTarget = r.config?.metadata?.target;
  const target = typeof metaTarget === 'string' ? metaTarget : r.config?.projects?.[0]?.name;
  const summary: RunSummary = {
    passed: count('passed'),
    failed: count('failed') + errors,
    deviations: count('deviation'),
    skipped: count('skipped'),
    flaky: count('flaky'),
    errors,
    durationMs: typeof r.stats?.duration === 'number' ? r.stats.duration : perTest.reduce((n, t) => n + t.durationMs, 0),
    perTest,
  };
  if (target !== undefined) summary.target = target;
  return summary;
}

/** Reads and summarizes a Playwright JSON report (default reports/output/results.json). */
export function readSummary(file: string = JSON_RESULTS_FILE): RunSummary {
  return summarize(JSON.parse(fs.readFileSync(file, 'utf8')) as unknown);
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

const MARK: Record<CheckStatus, string> = { passed: 'ok  ', failed: 'FAIL', deviation: 'DEV ', skipped: 'skip', flaky: 'FLAK' };

/**
 * Text summary. Lists every check that did not simply pass (all checks with `verbose`), then a
 * line with deviations, skips and flaky tests, then exactly "N passed, N failed" on its own
 * last line (deviations never go on that line).
 */
export function formatSummary(s: RunSummary, opts: { verbose?: boolean } = {}): string {
  const lines: string[] = [];
  const secs = (s.durationMs / 1000).toFixed(1);
  lines.push(`netproof: target ${s.target ?? 'unknown'}, ${plural(s.perTest.length, 'check', 'checks')} in ${secs} s`);
  for (const t of s.perTest) {
    if (t.status === 'passed' && !opts.verbose) continue;
    const m = Object.entries(t.measurements).map(([k, v]) => `${k}=${v}`).join(' ');
    let line = `  ${MARK[t.status]} ${t.suite} › ${t.title} (${Math.round(t.durationMs)} ms)`;
    if (t.status === 'failed' && t.lastResult && t.lastResult !== 'failed') line += ` [${t.lastResult}]`;
    if (t.deviation !== undefined) line += `: deviation: ${t.deviation}`;
    if (m) line += `  ${m}`;
    lines.push(line);
  }
  if (s.errors > 0) lines.push(`  ${plural(s.errors, 'error', 'errors')} outside tests (counted as failed)`);
  lines.push(`${plural(s.deviations, 'deviation', 'deviations')}, ${s.skipped} skipped, ${s.flaky} flaky`);
  lines.push(`${s.passed} passed, ${s.failed} failed`);
  return lines.join('\n') + '\n';
}
