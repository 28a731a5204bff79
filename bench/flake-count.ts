// The flake count (issue 7 item 6): each check's verdict per run, read from Playwright's JSON
// report, and the checks whose verdict differed between runs of the same suite on the same target.

export type Verdict = 'passed' | 'failed' | 'broken' | 'deviation' | 'skipped';

interface PwResult {
  status?: string;
  annotations?: Array<{ type: string; description?: string }>;
}
interface PwTest {
  annotations?: Array<{ type: string; description?: string }>;
  results?: PwResult[];
}
interface PwSpec {
  title: string;
  tests?: PwTest[];
}
interface PwSuite {
  title: string;
  specs?: PwSpec[];
  suites?: PwSuite[];
}
export interface PwReport {
  suites?: PwSuite[];
}

/** One verdict per check title: a declared deviation, passed, failed, broken (timed out, interrupted), skipped. */
export function verdicts(report: PwReport): Map<string, Verdict> {
  const out = new Map<string, Verdict>();
  const walk = (s: PwSuite, prefix: string): void => {
    const here = prefix ? `${prefix} › ${s.title}` : s.title;
    for (const spec of s.specs ?? []) {
      for (const t of spec.tests ?? []) {
        const r = t.results?.[t.results.length - 1];
        const anns = [...(t.annotations ?? []), ...(r?.annotations ?? [])];
        let v: Verdict;
        if (r?.status === 'passed') v = 'passed';
        else if (r?.status === 'failed') v = 'failed';
        else if (r?.status === 'skipped') v = anns.some((a) => a.type === 'deviation') ? 'deviation' : 'skipped';
        else v = 'broken';
        out.set(`${here} › ${spec.title}`, v);
      }
    }
    for (const c of s.suites ?? []) walk(c, here);
  };
  for (const s of report.suites ?? []) walk(s, '');
  return out;
}

export interface Flake {
  check: string;
  /** How many runs gave each verdict. */
  counts: Partial<Record<Verdict | 'not run', number>>;
}

/** Checks whose verdict was not the same in every run (a check missing from a run counts as "not run"). */
export function flakes(runs: ReadonlyArray<Map<string, Verdict>>): Flake[] {
  const checks = new Set<string>();
  for (const r of runs) for (const k of r.keys()) checks.add(k);
  const out: Flake[] = [];
  for (const check of [...checks].sort()) {
    const counts: Flake['counts'] = {};
    for (const r of runs) {
      const v = r.get(check) ?? 'not run';
      counts[v] = (counts[v] ?? 0) + 1;
    }
    if (Object.keys(counts).length > 1) out.push({ check, counts });
  }
  return out;
}
